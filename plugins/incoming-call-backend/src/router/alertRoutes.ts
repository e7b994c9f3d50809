import {
  alertListQuerySchema,
  alertNoteInputSchema,
  alertSearchQuerySchema,
} from '@icr/plugin-incoming-call-common';
import { NotAllowedError } from '@backstage/errors';
import type { Request, Response, Router } from 'express';
import type { AlertAction } from '../database/AlertStore';
import {
  AlertConflictError,
  type AlertService,
} from '../services/alerts/AlertService';
import type { RouteHelpers } from './routeHelpers';
import { parseInput } from './validation';

/**
 * Alerts: searching them, a team's alerts a page at a time, one alert with
 * its timeline, and acting on it (acknowledge, close, reopen, notes). Each
 * needs `incoming-call.alert.read` or `.update` on the alert; lists show
 * only the alerts the caller may read.
 */
export function addAlertRoutes(
  router: Router,
  helpers: RouteHelpers,
  deps: { alertService: AlertService },
) {
  const { alertService } = deps;

  router.get('/alerts', async (req, res) => {
    const query = parseInput(alertSearchQuerySchema, req.query);
    const access = await helpers.alertAccess(req);
    res.json(await alertService.search(query, access));
  });

  router.get('/teams/:namespace/:name/alerts', async (req, res) => {
    const team = await helpers.teamFrom(req);
    const query = parseInput(alertListQuerySchema, req.query);
    const access = await helpers.alertAccess(req);
    const page = await alertService.search(
      { ...query, team: team.ref },
      access,
    );
    // Someone neither in the team nor rung by any of its calls is told so,
    // rather than shown an empty list that reads like a quiet hotline.
    if (
      page.items.length === 0 &&
      !query.cursor &&
      !(await helpers.isTeamMember(req, team.ref))
    ) {
      throw new NotAllowedError(
        `Only members of ${team.displayName} and the responders of its calls can see its alerts`,
      );
    }
    res.json(page);
  });

  router.get('/alerts/:id', async (req, res) => {
    await helpers.authorizeAlert(req, req.params.id, 'read');
    res.json(await alertService.get(req.params.id));
  });

  const action = (name: AlertAction) => async (req: Request, res: Response) => {
    const credentials = await helpers.authorizeAlert(
      req,
      req.params.id,
      'update',
    );
    try {
      res.json(
        await alertService.act(req.params.id, name, actorOf(credentials)),
      );
    } catch (error) {
      if (!(error instanceof AlertConflictError)) throw error;
      res.status(409).json({
        error: { name: 'ConflictError', message: error.message },
        alert: error.alert,
      });
    }
  };
  router.post('/alerts/:id/acknowledge', action('acknowledge'));
  router.post('/alerts/:id/close', action('close'));
  router.post('/alerts/:id/reopen', action('reopen'));

  router.post('/alerts/:id/notes', async (req, res) => {
    const credentials = await helpers.authorizeAlert(
      req,
      req.params.id,
      'update',
    );
    const { text } = parseInput(alertNoteInputSchema, req.body);
    res
      .status(201)
      .json(
        await alertService.addNote(req.params.id, text, actorOf(credentials)),
      );
  });
}

/** The user acting, or the service (`service:<subject>`) for a service token. */
function actorOf(credentials: { principal: unknown }): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.type === 'user' && principal.userEntityRef
    ? principal.userEntityRef
    : `${principal.type}:${principal.subject ?? 'unknown'}`;
}
