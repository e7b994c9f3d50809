import { parseEntityRef } from '@backstage/catalog-model';
import {
  type FieldProblem,
  type IntegrationConfig,
  integrationConfigSchema,
  integrationSaveQuerySchema,
  type RoutingSnapshot,
} from '@icr/plugin-incoming-call-common';
import type { Router } from 'express';
import type { AudioStore } from '../database/AudioStore';
import {
  type IntegrationStore,
  StaleIntegrationVersionError,
} from '../database/IntegrationStore';
import { checkAudioReferences } from './audioRoutes';
import type { NumberProvisioning } from '../services/numbers/NumberProvisioning';
import type { NumberAuthorizer } from './numberRoutes';
import type { RouteHelpers } from './routeHelpers';
import { parseInput, ValidationError } from './validation';

/** The snapshot's entities of each recipient kind, by ref. */
const catalogOf: Record<
  string,
  (snapshot: RoutingSnapshot) => Map<string, unknown>
> = {
  user: s => s.users,
  group: s => s.teams,
  schedule: s => s.schedules,
  escalation: s => s.escalations,
};

/** The recipients of a config the catalog does not know, at their fields. */
function unknownRecipients(
  snapshot: RoutingSnapshot,
  config: IntegrationConfig,
): FieldProblem[] {
  const lists = [
    { path: 'recipients', refs: config.recipients },
    ...config.autoAttendant.options.map((option, index) => ({
      path: `autoAttendant.options.${index}.recipients`,
      refs: option.recipients,
    })),
    ...config.alertRules.map((rule, index) => ({
      path: `alertRules.${index}.actions.extraRecipients`,
      refs: rule.actions.extraRecipients,
    })),
  ];
  return lists.flatMap(({ path, refs }) =>
    refs.flatMap((ref, index) => {
      const { kind } = parseEntityRef(ref);
      return catalogOf[kind](snapshot).has(ref)
        ? []
        : [
            {
              path: `${path}.${index}`,
              message: `There is no ${kind} ${ref} in the catalog`,
            },
          ];
    }),
  );
}

/** A team's integration: read and save. */
export function addIntegrationRoutes(
  router: Router,
  helpers: RouteHelpers,
  deps: {
    integrations: IntegrationStore;
    audio: AudioStore;
    provisioning: NumberProvisioning;
    authorizeNumbers: NumberAuthorizer;
  },
) {
  const { integrations, audio, provisioning, authorizeNumbers } = deps;

  router.get('/teams/:namespace/:name/integration', async (req, res) => {
    await helpers.authorizeRead(req);
    const team = await helpers.teamFrom(req);
    res.json(await helpers.integrationOf(team.ref));
  });

  router.put('/teams/:namespace/:name/integration', async (req, res) => {
    const team = await helpers.teamFrom(req);
    const credentials = await helpers.authorizeTeamChange(req, team.ref);
    const { version } = parseInput(integrationSaveQuerySchema, req.query);
    const config = parseInput(integrationConfigSchema, req.body);
    // A miss re-reads the catalog once, for entities it has just ingested;
    // the problems are those of the last snapshot looked at.
    let unknown: FieldProblem[] = [];
    await helpers.find(snapshot => {
      unknown = unknownRecipients(snapshot, config);
      return unknown.length === 0 ? true : undefined;
    });
    if (unknown.length > 0) {
      throw new ValidationError(unknown);
    }
    await checkAudioReferences(audio, team.ref, config);
    // Buying, attaching and letting go of numbers need a permission of their own.
    const numbers = await provisioning.check(team.ref, config);
    if (numbers.problems.length > 0) {
      throw new ValidationError(numbers.problems);
    }
    if (numbers.changesNumbers) {
      await authorizeNumbers(req, team.ref);
      const unknownNumbers = await provisioning.unknownToAccount(
        team.ref,
        config,
      );
      if (unknownNumbers.length > 0) {
        throw new ValidationError(unknownNumbers);
      }
    }
    try {
      res.json(
        await provisioning.save({
          teamRef: team.ref,
          config,
          updatedBy: credentials.principal.userEntityRef,
          editedVersion: version,
        }),
      );
    } catch (error) {
      if (!(error instanceof StaleIntegrationVersionError)) {
        throw error;
      }
      // Who changed it, by the name the team knows them by.
      const { change } = error;
      const user = await helpers.find(s => s.users.get(change.updatedBy));
      throw new StaleIntegrationVersionError({
        ...change,
        updatedByName: user?.displayName,
      });
    }
  });

  // Releases bought numbers and restores attached ones first; idempotent.
  router.delete('/teams/:namespace/:name/integration', async (req, res) => {
    const team = await helpers.teamFrom(req);
    await helpers.authorizeTeamChange(req, team.ref);
    const stored = await integrations.getByTeam(team.ref);
    if (stored && stored.config.numbers.length > 0) {
      await authorizeNumbers(req, team.ref);
    }
    res.json(await provisioning.delete(team.ref));
  });
}
