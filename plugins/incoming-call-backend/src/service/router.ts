import type {
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
} from '@icr/plugin-incoming-call-common';
import express, { type Request } from 'express';
import Router from 'express-promise-router';
import type { CatalogReader } from '../catalog/CatalogReader';
import {
  loadTeamResource,
  type TeamResource,
} from '../permissions/teamResource';
import type { AlertStore } from '../store/AlertStore';
import type { IntegrationStore } from '../store/IntegrationStore';
import { parseInput } from './validation';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogReader;
  integrations: IntegrationStore;
  alerts: AlertStore;
  /** Applies a (possibly conditional) decision to a team. */
  isAllowedForTeam: (
    decision: PolicyDecision,
    team: TeamResource | undefined,
  ) => boolean;
}

/** The authenticated API the frontend uses. */
export async function createRouter(options: RouterOptions) {
  const {
    httpAuth,
    permissions,
    catalog,
    integrations,
    alerts,
    isAllowedForTeam,
  } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  /** The caller may read call routing data, or the request fails with 403. */
  async function authorizeRead(req: Request) {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: incomingCallReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not read incoming call routing');
    }
  }

  /** The team named in the path, which must be a Group in the catalog. */
  async function teamFrom(req: Request<{ namespace: string; name: string }>) {
    const ref = stringifyEntityRef({
      kind: 'group',
      namespace: req.params.namespace,
      name: req.params.name,
    });
    const snapshot = await catalog.snapshot();
    const team = snapshot.teams.get(ref);
    if (!team) {
      throw new NotFoundError(`There is no team ${ref} in the catalog`);
    }
    return { ...team, resource: loadTeamResource(snapshot, ref) };
  }

  router.get('/teams/:namespace/:name/integration', async (req, res) => {
    await authorizeRead(req);
    const team = await teamFrom(req);
    const integration = await integrations.getByTeam(team.ref);
    if (!integration) {
      throw new NotFoundError(
        `${team.ref} has no incoming call integration yet`,
      );
    }
    res.json(integration);
  });

  router.put('/teams/:namespace/:name/integration', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const team = await teamFrom(req);
    // The plugin owns the team resource, so it applies conditions itself.
    const [decision] = await permissions.authorizeConditional(
      [{ permission: incomingCallRoutingUpdatePermission }],
      { credentials },
    );
    if (!isAllowedForTeam(decision, team.resource)) {
      throw new NotAllowedError(
        `Only members of ${team.displayName} may change its call routing`,
      );
    }
    const config = parseInput(integrationConfigSchema, req.body);
    const integration = await integrations.save({
      teamRef: team.ref,
      config,
      updatedBy: credentials.principal.userEntityRef,
    });
    res.json(integration);
  });

  router.get('/teams/:namespace/:name/alerts', async (req, res) => {
    await authorizeRead(req);
    const team = await teamFrom(req);
    const query = parseInput(alertListQuerySchema, req.query);
    res.json(await alerts.listByTeam(team.ref, query));
  });

  router.get('/alerts/:id', async (req, res) => {
    await authorizeRead(req);
    const alert = await alerts.getWithTimeline(req.params.id);
    if (!alert) {
      throw new NotFoundError(`There is no alert ${req.params.id}`);
    }
    res.json(alert);
  });

  return router;
}
