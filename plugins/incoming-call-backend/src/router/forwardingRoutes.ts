import { NotAllowedError } from '@backstage/errors';
import type { Router } from 'express';
import type { AlertForwarder } from '../services/forwarding/AlertForwarder';
import type { RouteHelpers } from './routeHelpers';

/** How forwarding to a team's destinations is going (its failures). */
export function addForwardingRoutes(
  router: Router,
  helpers: RouteHelpers,
  deps: { forwarder: AlertForwarder },
) {
  router.get('/teams/:namespace/:name/forwarding', async (req, res) => {
    await helpers.authorizeRead(req);
    const team = await helpers.teamFrom(req);
    // Receivers' error answers may say more than the team would publish.
    if (!(await helpers.isTeamMember(req, team.ref))) {
      throw new NotAllowedError(
        `Only members of ${team.displayName} see how its forwarding goes`,
      );
    }
    const integration = await helpers.integrationOf(team.ref);
    res.json(await deps.forwarder.status(integration));
  });
}
