import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  atQuerySchema,
  scheduleOverrideInputSchema,
} from '@icr/plugin-incoming-call-common';
import type { Request, Router } from 'express';
import {
  type RosterService,
  withoutPhones,
} from '../services/RosterService';
import type { OverrideStore } from '../database/OverrideStore';
import type { Clock } from '../lib/clock';
import type { RouteHelpers } from './routeHelpers';
import { ValidationError, parseInput } from './validation';

type ScheduleParams = { namespace: string; name: string };

/** "Who is on call", dial-plan previews and schedule overrides. */
export function addRosterRoutes(
  router: Router,
  helpers: RouteHelpers,
  deps: { roster: RosterService; overrides: OverrideStore; clock: Clock },
) {
  const { roster, overrides, clock } = deps;
  const {
    authorizeRead,
    authorizeTeamChange,
    teamFrom,
    find,
    integrationOf,
    isTeamMember,
  } = helpers;

  const atFrom = (req: Request) => {
    const { at } = parseInput(atQuerySchema, req.query);
    return new Date(at ?? clock.now());
  };

  async function scheduleFrom(req: Request<ScheduleParams>) {
    const ref = stringifyEntityRef({ kind: 'schedule', ...req.params });
    const schedule = await find(s => s.schedules.get(ref));
    if (!schedule) {
      throw new NotFoundError(`There is no schedule ${ref} in the catalog`);
    }
    return schedule;
  }

  router.get('/teams/:namespace/:name/on-call', async (req, res) => {
    await authorizeRead(req);
    const team = await teamFrom(req);
    const onCall = await roster.teamOnCall(team.ref, atFrom(req));
    // Responders' phone numbers: for the team's members only.
    res.json(
      onCall && !(await isTeamMember(req, team.ref))
        ? withoutPhones.teamOnCall(onCall)
        : onCall,
    );
  });

  router.get('/teams/:namespace/:name/dial-plan', async (req, res) => {
    await authorizeRead(req);
    const team = await teamFrom(req);
    const { config } = await integrationOf(team.ref);
    const plan = await roster.integrationPlan(config, atFrom(req));
    res.json(
      (await isTeamMember(req, team.ref))
        ? plan
        : withoutPhones.integrationPlan(plan),
    );
  });

  router.get('/schedules/:namespace/:name/on-call', async (req, res) => {
    await authorizeRead(req);
    const schedule = await scheduleFrom(req);
    const onCall = await roster.scheduleOnCall(schedule.ref, atFrom(req));
    // Responders' phone numbers: for the members of its owner only.
    res.json(
      onCall && !(await isTeamMember(req, schedule.owner))
        ? withoutPhones.scheduleOnCall(onCall)
        : onCall,
    );
  });

  router.get('/schedules/:namespace/:name/overrides', async (req, res) => {
    await authorizeRead(req);
    const schedule = await scheduleFrom(req);
    res.json(await overrides.listCurrent(schedule.ref, new Date(clock.now())));
  });

  router.post('/schedules/:namespace/:name/overrides', async (req, res) => {
    const schedule = await scheduleFrom(req);
    const credentials = await authorizeTeamChange(req, schedule.owner);
    const input = parseInput(scheduleOverrideInputSchema, req.body);
    if (!(await find(s => s.users.get(input.userRef)))) {
      throw new ValidationError([
        {
          path: 'userRef',
          message: `There is no user ${input.userRef} in the catalog`,
        },
      ]);
    }
    const layerNames = schedule.layers.map(layer => layer.name);
    if (input.layer !== undefined && !layerNames.includes(input.layer)) {
      throw new ValidationError([
        {
          path: 'layer',
          message: `${schedule.displayName} has no layer "${
            input.layer
          }"; its layers are ${layerNames
            .map(name => `"${name}"`)
            .join(', ')}`,
        },
      ]);
    }
    const created = await overrides.create({
      scheduleRef: schedule.ref,
      userRef: input.userRef,
      start: new Date(input.start),
      end: new Date(input.end),
      createdBy: credentials.principal.userEntityRef,
      layer: input.layer,
    });
    res.status(201).json(created);
  });

  router.delete(
    '/schedules/:namespace/:name/overrides/:id',
    async (req, res) => {
      const schedule = await scheduleFrom(req);
      await authorizeTeamChange(req, schedule.owner);
      if (!(await overrides.delete(schedule.ref, req.params.id))) {
        throw new NotFoundError(
          `There is no override ${req.params.id} on ${schedule.ref}`,
        );
      }
      res.status(204).end();
    },
  );
}
