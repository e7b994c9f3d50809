import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type { PolicyDecision } from '@backstage/plugin-permission-common';
import {
  incomingCallAlertReadPermission,
  lineAwayInputSchema,
  lineQuerySchema,
  type LineCaller,
  type LinePerson,
  type LineResponder,
  type LineTeam,
  type LineView,
} from '@icr/plugin-incoming-call-common';
import type { AlertResource } from '@icr/plugin-incoming-call-node';
import type { Router } from 'express';
import type { AlertStore } from '../database/AlertStore';
import type { CallStore } from '../database/CallStore';
import type {
  LineEntryRow,
  LineResponderRow,
  LineStore,
} from '../database/LineStore';
import { mayTakeCall } from '../domain/pickup/browserPickup';
import type { Clock } from '../lib/clock';
import type { AlertService } from '../services/alerts/AlertService';
import type { RouteHelpers } from './routeHelpers';
import { parseInput, ValidationError } from './validation';

/**
 * How many callers of each team's line are read for the answer: their
 * alerts are read one by one for the permission check and the number.
 */
const LINE_CALLERS_PER_TEAM = 50;

/** What the away routes ask of the line (`LineService`). */
export interface LineAvailabilityControl {
  stopTaking(userRef: string, until?: number): Promise<void>;
  resumeTaking(userRef: string): Promise<void>;
}

/**
 * The line of waiting callers (outage mode): who waits in each team's line
 * and who is being rung for them, the responders who are busy or away, and
 * the signed-in responder stopping and resuming taking calls from it.
 * Callers whose alert the user may not read (`incoming-call.alert.read`,
 * with its conditions) are left out of the list but counted.
 */
export function addLineRoutes(
  router: Router,
  helpers: RouteHelpers,
  deps: {
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    line: Pick<LineStore, 'list' | 'responders'>;
    /** Absent without Twilio: no calls, so nobody takes any. */
    lineService?: LineAvailabilityControl;
    alerts: Pick<AlertStore, 'get'>;
    alertService: Pick<AlertService, 'resources'>;
    calls: Pick<CallStore, 'getSession'>;
    isAllowedForAlert: (
      decision: PolicyDecision,
      alert: AlertResource | undefined,
    ) => boolean;
    clock: Clock;
  },
) {
  const { httpAuth, permissions, line, clock } = deps;
  const lineService = () => {
    if (!deps.lineService) {
      throw new ServiceUnavailableError(
        'Twilio is not configured: there are no calls to take',
      );
    }
    return deps.lineService;
  };

  router.get('/line', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const userRef = credentials.principal.userEntityRef;
    const { team } = parseInput(lineQuerySchema, req.query);
    const [entries, responderRows, snapshot, [decision]] = await Promise.all([
      line.list(team ? [team] : 'all'),
      line.responders(),
      helpers.find(s => s),
      permissions.authorizeConditional(
        [{ permission: incomingCallAlertReadPermission }],
        { credentials },
      ),
    ]);

    const byTeam = groupByTeam(entries);
    const considered = [...byTeam.values()].flatMap(teamEntries =>
      teamEntries.slice(0, LINE_CALLERS_PER_TEAM),
    );
    const resources = await deps.alertService.resources(
      considered.map(entry => entry.alertId),
    );
    const readable = new Map<string, AlertResource>();
    considered.forEach((entry, i) => {
      const resource = resources[i];
      if (resource && deps.isAllowedForAlert(decision, resource)) {
        readable.set(entry.alertId, resource);
      }
    });
    const numbers = new Map(
      await Promise.all(
        [...readable.keys()].map(
          async id => [id, (await deps.alerts.get(id))?.callerNumber] as const,
        ),
      ),
    );

    const person = (ref: string): LinePerson => {
      const displayName = snapshot?.users.get(ref)?.displayName;
      return { userRef: ref, ...(displayName && { displayName }) };
    };
    const teams: LineTeam[] = [...byTeam].map(([teamRef, teamEntries]) => {
      const teamName = snapshot?.teams.get(teamRef)?.displayName;
      return {
        teamRef,
        ...(teamName && { teamName }),
        waiting: teamEntries.length,
        callers: teamEntries.flatMap((entry, i): LineCaller[] => {
          const callerNumber = numbers.get(entry.alertId);
          if (!callerNumber) return [];
          return [
            {
              position: i + 1,
              alertId: entry.alertId,
              callerNumber,
              waitingSince: new Date(entry.queuedAt).toISOString(),
              ...(entry.legUserRef && { ringing: person(entry.legUserRef) }),
            },
          ];
        }),
      };
    });
    const visibleTeams = new Set(
      teams.filter(t => t.callers.length > 0).map(t => t.teamRef),
    );

    const now = clock.now();
    const busyCalls = await busyCallsOf(responderRows, entries, deps.calls);
    const responders: LineResponder[] = [];
    let you: LineView['you'] = { userRef };
    for (const row of responderRows) {
      const busy = row.callSid ? busyCalls.get(row.callSid) : undefined;
      const state = {
        ...(busy && {
          busyOn: {
            alertId: busy.alertId,
            ...(row.busySince !== undefined && {
              since: new Date(row.busySince).toISOString(),
            }),
          },
        }),
        ...(row.awayUntil !== undefined &&
          row.awayUntil > now && {
            awayUntil: new Date(row.awayUntil).toISOString(),
          }),
      };
      if (!state.busyOn && !state.awayUntil) continue;
      if (row.userRef === userRef) you = { ...you, ...state };
      const theirs =
        (busy?.teamRef !== undefined && visibleTeams.has(busy.teamRef)) ||
        [...visibleTeams].some(ref =>
          snapshot?.teams.get(ref)?.members.includes(row.userRef),
        );
      if (theirs) responders.push({ ...person(row.userRef), ...state });
    }

    const user = snapshot?.users.get(userRef);
    // The line is in FCFS order across teams: the first the user may take.
    const next =
      user &&
      entries.find(entry => {
        const resource = readable.get(entry.alertId);
        return (
          resource && mayTakeCall(user, entry.teamRef, resource.responderRefs)
        );
      });
    if (next) you = { ...you, nextAlertId: next.alertId };

    const view: LineView = { teams, responders, you };
    res.json(view);
  });

  router.put('/line/away', async (req, res) => {
    const { principal } = await httpAuth.credentials(req, { allow: ['user'] });
    const { until } = parseInput(lineAwayInputSchema, req.body ?? {});
    const untilMs = until === undefined ? undefined : Date.parse(until);
    if (untilMs !== undefined && untilMs <= clock.now()) {
      throw new ValidationError([
        { path: 'until', message: 'The away time must end in the future' },
      ]);
    }
    await lineService().stopTaking(principal.userEntityRef, untilMs);
    res.status(204).end();
  });

  router.delete('/line/away', async (req, res) => {
    const { principal } = await httpAuth.credentials(req, { allow: ['user'] });
    await lineService().resumeTaking(principal.userEntityRef);
    res.status(204).end();
  });
}

/** The entries per team, each team's in line order, teams by their head caller. */
function groupByTeam(entries: LineEntryRow[]): Map<string, LineEntryRow[]> {
  const byTeam = new Map<string, LineEntryRow[]>();
  for (const entry of entries) {
    const teamEntries = byTeam.get(entry.teamRef) ?? [];
    teamEntries.push(entry);
    byTeam.set(entry.teamRef, teamEntries);
  }
  return byTeam;
}

/** A call a responder is busy on. */
interface BusyCall {
  alertId: string;
  teamRef?: string;
}

/**
 * The alert and team of each call a responder is busy on: from the line
 * while the caller still waits there (rung, confirming), from the call's
 * session once connected or at the after-call offer.
 */
async function busyCallsOf(
  responders: LineResponderRow[],
  entries: LineEntryRow[],
  calls: Pick<CallStore, 'getSession'>,
): Promise<Map<string, BusyCall>> {
  const busy = new Map<string, BusyCall>();
  const inLine = new Map(entries.map(entry => [entry.callSid, entry]));
  const elsewhere = new Set<string>();
  for (const { callSid } of responders) {
    const entry = callSid ? inLine.get(callSid) : undefined;
    if (entry) busy.set(entry.callSid, entry);
    else if (callSid) elsewhere.add(callSid);
  }
  await Promise.all(
    [...elsewhere].map(async callSid => {
      const session = await calls.getSession(callSid);
      if (session) {
        busy.set(callSid, {
          alertId: session.alertId,
          teamRef: session.context.teamRef,
        });
      }
    }),
  );
  return busy;
}
