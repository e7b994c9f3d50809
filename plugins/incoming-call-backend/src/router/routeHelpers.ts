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
  incomingCallReadPermission,
  incomingCallRoutingUpdatePermission,
  type Integration,
  type RoutingSnapshot,
  type RoutingTeam,
} from '@icr/plugin-incoming-call-common';
import type { TeamResource } from '@icr/plugin-incoming-call-node';
import type { Request } from 'express';
import type { IntegrationStore } from '../database/IntegrationStore';
import { loadTeamResource } from '../domain/permissions/loadTeamResource';
import type { CatalogReader } from '../services/CatalogReader';

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

export function createRouteHelpers(deps: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogReader;
  integrations: IntegrationStore;
  /** Applies a (possibly conditional) decision to a team. */
  isAllowedForTeam: (
    decision: PolicyDecision,
    team: TeamResource | undefined,
  ) => boolean;
}): RouteHelpers {
  const { httpAuth, permissions, catalog, integrations } = deps;
  return {
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
        !deps.isAllowedForTeam(decision, loadTeamResource(snapshot, teamRef))
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
}
