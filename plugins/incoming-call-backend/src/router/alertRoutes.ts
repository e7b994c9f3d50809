import { NotFoundError } from '@backstage/errors';
import { alertListQuerySchema } from '@icr/plugin-incoming-call-common';
import type { Router } from 'express';
import type { AlertStore } from '../database/AlertStore';
import type { RouteHelpers } from './routeHelpers';
import { parseInput } from './validation';

/** A team's alerts, a page at a time, and one alert with its timeline. */
export function addAlertRoutes(
  router: Router,
  helpers: RouteHelpers,
  deps: { alerts: AlertStore },
) {
  const { alerts } = deps;

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
}
