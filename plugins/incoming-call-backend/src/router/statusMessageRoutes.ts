import type { Router } from 'express';
import { statusMessageInputSchema } from '@icr/plugin-incoming-call-common';
import type { AudioStore } from '../database/AudioStore';
import type { StatusMessageStore } from '../database/StatusMessageStore';
import type { Clock } from '../lib/clock';
import type { IncidentService } from '../services/incidents/IncidentService';
import type { RouteHelpers } from './routeHelpers';
import { parseInput, ValidationError } from './validation';

/**
 * Outage mode: the team's open incident (counts only, no caller data) and
 * the status message its callers hear after the welcome, switched on and
 * off apart from the integration (no save of the whole config).
 */
export function addStatusMessageRoutes(
  router: Router,
  helpers: RouteHelpers,
  deps: {
    statusMessages: StatusMessageStore;
    incidents: Pick<IncidentService, 'openOfTeam'>;
    audio: AudioStore;
    clock: Clock;
  },
) {
  const { statusMessages, incidents, audio, clock } = deps;

  router.get('/teams/:namespace/:name/incident', async (req, res) => {
    await helpers.authorizeRead(req);
    const team = await helpers.teamFrom(req);
    res.json({ items: await incidents.openOfTeam(team.ref) });
  });

  router.get('/teams/:namespace/:name/status-message', async (req, res) => {
    await helpers.authorizeRead(req);
    const team = await helpers.teamFrom(req);
    res.json({ statusMessage: (await statusMessages.get(team.ref)) ?? null });
  });

  router.put('/teams/:namespace/:name/status-message', async (req, res) => {
    const team = await helpers.teamFrom(req);
    const credentials = await helpers.authorizeTeamChange(req, team.ref);
    const { message } = parseInput(statusMessageInputSchema, req.body);
    if (
      message.type === 'audio' &&
      !(await audio.getOfTeam(team.ref, message.audioId))
    ) {
      throw new ValidationError([
        {
          path: 'message.audioId',
          message:
            "This audio file is not among the team's uploads: upload it, or choose another",
        },
      ]);
    }
    const statusMessage = await statusMessages.switchOn(
      team.ref,
      message,
      credentials.principal.userEntityRef,
      new Date(clock.now()),
    );
    res.json({ statusMessage });
  });

  router.delete('/teams/:namespace/:name/status-message', async (req, res) => {
    const team = await helpers.teamFrom(req);
    const credentials = await helpers.authorizeTeamChange(req, team.ref);
    const statusMessage = await statusMessages.switchOff(
      team.ref,
      credentials.principal.userEntityRef,
      new Date(clock.now()),
    );
    res.json({ statusMessage: statusMessage ?? null });
  });
}
