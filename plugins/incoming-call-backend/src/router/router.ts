import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  alertListQuerySchema,
  incomingCallReadPermission,
  incomingCallRoutingUpdatePermission,
  integrationConfigSchema,
  type Integration,
  type RoutingSnapshot,
  type RoutingTeam,
} from '@icr/plugin-incoming-call-common';
import express, { type Request } from 'express';
import Router from 'express-promise-router';
import type { AudioStore } from '../database/AudioStore';
import type { CatalogReader } from '../services/CatalogReader';
import type { TeamResource } from '@icr/plugin-incoming-call-node';
import { loadTeamResource } from '../domain/permissions/loadTeamResource';
import type { RosterService } from '../services/RosterService';
import type { AlertStore } from '../database/AlertStore';
import type { IntegrationStore } from '../database/IntegrationStore';
import type { OverrideStore } from '../database/OverrideStore';
import type { Knex } from 'knex';
import { addAudioRoutes, checkAudioReferences } from './audioRoutes';
import { addPickupRoutes, type BrowserPickupProvider } from './pickupRoutes';
import { addRosterRoutes } from './rosterRoutes';
import { parseInput } from './validation';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogReader;
  integrations: IntegrationStore;
  alerts: AlertStore;
  overrides: OverrideStore;
  roster: RosterService;
  db: Knex;
  browserPickup: BrowserPickupProvider;
  audio: AudioStore;
  /** The size limit of an audio upload (`incomingCall.audio.maxUploadBytes`). */
  maxAudioUploadBytes: number;
  /** Applies a (possibly conditional) decision to a team. */
  isAllowedForTeam: (
    decision: PolicyDecision,
    team: TeamResource | undefined,
  ) => boolean;
}

/** What every group of routes needs: auth checks and catalog lookups. */
export interface RouteHelpers {
  /** The caller may read call routing data, or the request fails with 403. */
  authorizeRead(req: Request): Promise<void>;
  /** The caller is a user allowed to change the team's routing, or 403. */
  authorizeTeamChange(
    req: Request,
    teamRef: string,
  ): Promise<BackstageCredentials<BackstageUserPrincipal>>;
  /** The team named in the path, which must be a Group in the catalog. */
  teamFrom(req: Request): Promise<RoutingTeam>;
  /** The team's saved integration, or 404. */
  integrationOf(teamRef: string): Promise<Integration>;
  /** Looks something up in the catalog snapshot (see {@link CatalogReader.find}). */
  find<T>(
    pick: (snapshot: RoutingSnapshot) => T | undefined,
  ): Promise<T | undefined>;
}

/** The authenticated API the frontend uses. */
export async function createRouter(options: RouterOptions) {
  const { httpAuth, permissions, catalog, integrations, alerts } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  const helpers: RouteHelpers = {
    async authorizeRead(req) {
      const credentials = await httpAuth.credentials(req);
      const [decision] = await permissions.authorize(
        [{ permission: incomingCallReadPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError('You may not read incoming call routing');
      }
    },

    async authorizeTeamChange(req, teamRef) {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const snapshot = await catalog.snapshot();
      // The plugin owns the team resource, so it applies conditions itself.
      const [decision] = await permissions.authorizeConditional(
        [{ permission: incomingCallRoutingUpdatePermission }],
        { credentials },
      );
      if (
        !options.isAllowedForTeam(decision, loadTeamResource(snapshot, teamRef))
      ) {
        const name = snapshot.teams.get(teamRef)?.displayName ?? teamRef;
        throw new NotAllowedError(
          `Only members of ${name} may change its call routing`,
        );
      }
      return credentials;
    },

    async teamFrom(req) {
      const ref = stringifyEntityRef({
        kind: 'group',
        namespace: req.params.namespace,
        name: req.params.name,
      });
      const team = await catalog.find(snapshot => snapshot.teams.get(ref));
      if (!team) {
        throw new NotFoundError(`There is no team ${ref} in the catalog`);
      }
      return team;
    },

    async integrationOf(teamRef) {
      const integration = await integrations.getByTeam(teamRef);
      if (!integration) {
        throw new NotFoundError(
          `${teamRef} has no incoming call integration yet`,
        );
      }
      return integration;
    },

    find: pick => catalog.find(pick),
  };

  router.get('/teams/:namespace/:name/integration', async (req, res) => {
    await helpers.authorizeRead(req);
    const team = await helpers.teamFrom(req);
    res.json(await helpers.integrationOf(team.ref));
  });

  router.put('/teams/:namespace/:name/integration', async (req, res) => {
    const team = await helpers.teamFrom(req);
    const credentials = await helpers.authorizeTeamChange(req, team.ref);
    const config = parseInput(integrationConfigSchema, req.body);
    await checkAudioReferences(options.audio, team.ref, config);
    const integration = await integrations.save({
      teamRef: team.ref,
      config,
      updatedBy: credentials.principal.userEntityRef,
    });
    res.json(integration);
  });

  router.get('/teams/:namespace/:name/alerts', async (req, res) => {
    await helpers.authorizeRead(req);
    const team = await helpers.teamFrom(req);
    const query = parseInput(alertListQuerySchema, req.query);
    res.json(await alerts.listByTeam(team.ref, query));
  });

  router.get('/alerts/:id', async (req, res) => {
    await helpers.authorizeRead(req);
    const alert = await alerts.getWithTimeline(req.params.id);
    if (!alert) {
      throw new NotFoundError(`There is no alert ${req.params.id}`);
    }
    res.json(alert);
  });

  addRosterRoutes(router, helpers, {
    roster: options.roster,
    overrides: options.overrides,
  });
  addAudioRoutes(router, helpers, {
    audio: options.audio,
    integrations,
    maxUploadBytes: options.maxAudioUploadBytes,
  });
  addPickupRoutes(router, helpers, {
    db: options.db,
    httpAuth,
    integrations,
    provider: options.browserPickup,
  });

  return router;
}
