import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  analyticsQuerySchema,
  incomingCallOrganisationUsageReadPermission,
  incomingCallUsageReadPermission,
  usageQuerySchema,
} from '@icr/plugin-incoming-call-common';
import type { TeamResource } from '@icr/plugin-incoming-call-node';
import type { Request, Router } from 'express';
import { loadTeamResource } from '../domain/permissions/loadTeamResource';
import type { CatalogReader } from '../services/CatalogReader';
import type { UsageService } from '../services/usage/UsageService';
import { parseInput } from './validation';

const teamQuerySchema = usageQuerySchema.pick({ team: true });

/** Usage and cost (`GET /usage`) and call analytics (`GET /analytics`). */
export function addUsageRoutes(
  router: Router,
  deps: {
    usage: UsageService;
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    catalog: CatalogReader;
    isAllowedForTeam: (
      decision: PolicyDecision,
      team: TeamResource | undefined,
    ) => boolean;
  },
) {
  const { usage, httpAuth, permissions, catalog } = deps;

  /**
   * The team asked for (`?team=`, its Group entity ref), after checking the
   * caller may read its figures; undefined for the organisation's. Checked
   * before the rest of the query, so a caller who may not read the figures
   * learns nothing from its validation.
   */
  async function authorizedScope(req: Request): Promise<string | undefined> {
    const credentials = await httpAuth.credentials(req);
    const { team } = parseInput(teamQuerySchema, req.query);
    if (team === undefined) {
      const [decision] = await permissions.authorize(
        [{ permission: incomingCallOrganisationUsageReadPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          "You may not read the organisation's usage and call analytics",
        );
      }
      return undefined;
    }
    const teamRef = groupRef(team);
    const snapshot = await catalog.snapshot();
    const known = snapshot.teams.get(teamRef);
    if (!known)
      throw new NotFoundError(`There is no team ${teamRef} in the catalog`);
    // The plugin owns the team resource, so it applies conditions itself.
    const [decision] = await permissions.authorizeConditional(
      [{ permission: incomingCallUsageReadPermission }],
      { credentials },
    );
    if (!deps.isAllowedForTeam(decision, loadTeamResource(snapshot, teamRef))) {
      throw new NotAllowedError(
        `Only members of ${known.displayName} may read its usage and call analytics`,
      );
    }
    return teamRef;
  }

  router.get('/usage', async (req, res) => {
    const teamRef = await authorizedScope(req);
    const { month } = parseInput(usageQuerySchema, req.query);
    res.json(await usage.usage(month, teamRef));
  });

  router.get('/analytics', async (req, res) => {
    const teamRef = await authorizedScope(req);
    res.json(
      await usage.analytics(
        parseInput(analyticsQuerySchema, req.query),
        teamRef,
      ),
    );
  });
}

/** A Group entity ref as the catalog snapshot keys it (`group:` may be left out). */
function groupRef(team: string): string {
  let ref;
  try {
    ref = parseEntityRef(team, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(
      `team: ${team} is not an entity ref, e.g. group:default/platform`,
    );
  }
  if (ref.kind.toLocaleLowerCase('en-US') !== 'group') {
    throw new InputError(`team: ${team} is not a Group entity ref`);
  }
  return stringifyEntityRef(ref);
}
