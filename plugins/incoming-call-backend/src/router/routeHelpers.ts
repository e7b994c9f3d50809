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
  type ConditionalPolicyDecision,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  incomingCallAlertReadPermission,
  incomingCallAlertUpdatePermission,
  incomingCallReadPermission,
  incomingCallRoutingUpdatePermission,
  type Integration,
  type RoutingSnapshot,
  type RoutingTeam,
} from '@icr/plugin-incoming-call-common';
import type {
  AlertQuery,
  AlertResource,
  TeamResource,
} from '@icr/plugin-incoming-call-node';
import type { ConditionTransformer } from '@backstage/plugin-permission-node';
import type { Request } from 'express';
import type { IntegrationStore } from '../database/IntegrationStore';
import { loadTeamResource } from '../domain/permissions/loadTeamResource';
import type { AlertAccess } from '../database/AlertStore';
import type { AlertService } from '../services/alerts/AlertService';
import type { CatalogReader } from '../services/CatalogReader';

/** What every group of routes needs: auth checks and catalog lookups. */
export interface RouteHelpers {
  /** The caller may read call routing data, or the request fails with 403. */
  authorizeRead(req: Request): Promise<void>;
  /**
   * The caller may read (or update) the alert, or 403; 404 when there is no
   * such alert. Returns the caller's credentials.
   */
  authorizeAlert(
    req: Request,
    alertId: string,
    action: 'read' | 'update',
  ): Promise<BackstageCredentials>;
  /**
   * Which alerts the caller may read: undefined for all of them, criteria
   * for the store otherwise; 403 when none.
   */
  alertAccess(req: Request): Promise<AlertAccess | undefined>;
  /** The caller is a user allowed to change the team's routing, or 403. */
  authorizeTeamChange(
    req: Request,
    teamRef: string,
  ): Promise<BackstageCredentials<BackstageUserPrincipal>>;
  /**
   * The caller is a member of the team (or of a group above it): the policy
   * allows them `incoming-call.routing.update` on it. Never throws for a
   * caller who is not; service principals are not members.
   */
  isTeamMember(req: Request, teamRef: string): Promise<boolean>;
  /** The team named in the path, which must be a Group in the catalog. */
  teamFrom(req: Request): Promise<RoutingTeam>;
  /** The team's saved integration, or 404. */
  integrationOf(teamRef: string): Promise<Integration>;
  /** Looks something up in the catalog snapshot (see {@link CatalogReader.find}). */
  find<T>(
    pick: (snapshot: RoutingSnapshot) => T | undefined,
  ): Promise<T | undefined>;
}

/** What the route helpers decide with. */
export interface RouteHelperDeps {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogReader;
  integrations: IntegrationStore;
  /** Applies a (possibly conditional) decision to a team. */
  isAllowedForTeam: (
    decision: PolicyDecision,
    team: TeamResource | undefined,
  ) => boolean;
  alertService: AlertService;
  /** Turns a policy's conditions on alerts into the rules' queries. */
  toAlertQuery: ConditionTransformer<AlertQuery>;
  /** Applies a (possibly conditional) decision to an alert. */
  isAllowedForAlert: (
    decision: PolicyDecision,
    alert: AlertResource | undefined,
  ) => boolean;
}

export function createRouteHelpers(deps: RouteHelperDeps): RouteHelpers {
  const { httpAuth, permissions, catalog, integrations } = deps;
  return {
    async authorizeAlert(req, alertId, action) {
      const credentials = await httpAuth.credentials(req);
      const [alert] = await deps.alertService.resources([alertId]);
      if (!alert) throw new NotFoundError(`There is no alert ${alertId}`);
      const permission =
        action === 'read'
          ? incomingCallAlertReadPermission
          : incomingCallAlertUpdatePermission;
      // The plugin owns the alert resource, so it applies conditions itself.
      const [decision] = await permissions.authorizeConditional(
        [{ permission }],
        { credentials },
      );
      if (!deps.isAllowedForAlert(decision, alert)) {
        throw new NotAllowedError(
          action === 'read'
            ? 'You may not see this alert'
            : 'You may not change this alert',
        );
      }
      return credentials;
    },

    async alertAccess(req) {
      const credentials = await httpAuth.credentials(req);
      const [decision] = await permissions.authorizeConditional(
        [{ permission: incomingCallAlertReadPermission }],
        { credentials },
      );
      if (decision.result === AuthorizeResult.ALLOW) return undefined;
      if (decision.result === AuthorizeResult.DENY) {
        throw new NotAllowedError('You may not see call alerts');
      }
      return deps.alertService.accessFor(
        deps.toAlertQuery((decision as ConditionalPolicyDecision).conditions),
      );
    },

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

    async isTeamMember(req, teamRef) {
      // The policy decides; the default one denies service principals.
      const credentials = await httpAuth.credentials(req);
      const [decision] = await permissions.authorizeConditional(
        [{ permission: incomingCallRoutingUpdatePermission }],
        { credentials },
      );
      const snapshot = await catalog.snapshot();
      return deps.isAllowedForTeam(
        decision,
        loadTeamResource(snapshot, teamRef),
      );
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
