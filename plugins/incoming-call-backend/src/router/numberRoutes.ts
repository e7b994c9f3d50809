import { NotAllowedError } from '@backstage/errors';
import {
  availableNumberQuerySchema,
  type AvailableNumberList,
  incomingCallNumberManagePermission,
  type NumberCountryList,
  type OwnedNumberList,
} from '@icr/plugin-incoming-call-common';
import type { Request, Router } from 'express';
import { loadTeamResource } from '../domain/permissions/loadTeamResource';
import type { NumberProvisioning } from '../services/numbers/NumberProvisioning';
import type { RouteHelperDeps, RouteHelpers } from './routeHelpers';
import { parseInput } from './validation';

/** The caller may buy, attach and release the team's numbers, or 403. */
export type NumberAuthorizer = (req: Request, teamRef: string) => Promise<void>;

/** Checks `incoming-call.number.manage` on a team (the plugin applies its conditions). */
export function createNumberAuthorizer(
  deps: Pick<
    RouteHelperDeps,
    'httpAuth' | 'permissions' | 'catalog' | 'isAllowedForTeam'
  >,
): NumberAuthorizer {
  return async (req, teamRef) => {
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user'],
    });
    const [decision] = await deps.permissions.authorizeConditional(
      [{ permission: incomingCallNumberManagePermission }],
      { credentials },
    );
    const snapshot = await deps.catalog.snapshot();
    if (!deps.isAllowedForTeam(decision, loadTeamResource(snapshot, teamRef))) {
      const name = snapshot.teams.get(teamRef)?.displayName ?? teamRef;
      throw new NotAllowedError(
        `Only those who manage ${name}'s phone numbers (incoming-call.number.manage) may buy, attach or release them`,
      );
    }
  };
}

/** Phone numbers: the countries Twilio sells in, numbers for sale, the account's. */
export function addNumberRoutes(
  router: Router,
  helpers: RouteHelpers,
  deps: {
    provisioning: NumberProvisioning;
    authorizeNumbers: NumberAuthorizer;
  },
) {
  const { provisioning, authorizeNumbers } = deps;

  router.get('/numbers/countries', async (req, res) => {
    await helpers.authorizeRead(req);
    const body: NumberCountryList = {
      countries: await provisioning.countries(),
    };
    res.json(body);
  });

  router.get('/teams/:namespace/:name/numbers/available', async (req, res) => {
    const team = await helpers.teamFrom(req);
    await authorizeNumbers(req, team.ref);
    const query = parseInput(availableNumberQuerySchema, req.query);
    const body: AvailableNumberList = {
      numbers: await provisioning.search(query),
    };
    res.json(body);
  });

  router.get('/teams/:namespace/:name/numbers/owned', async (req, res) => {
    const team = await helpers.teamFrom(req);
    await authorizeNumbers(req, team.ref);
    const body: OwnedNumberList = { numbers: await provisioning.owned() };
    res.json(body);
  });
}
