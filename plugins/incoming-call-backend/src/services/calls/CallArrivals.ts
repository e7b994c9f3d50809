import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { ConflictError } from '@backstage/errors';
import type { Planner, RosterService } from '../RosterService';
import type { NewAlert, NewAlertEvent } from '../../database/AlertStore';
import { Batcher } from '../../lib/Batcher';
import type { CallSession } from '../../database/CallStore';
import type { RoutingCache } from '../routing/RoutingCache';
import {
  callerQueue,
  decideIncomingCall,
  type IncomingCallDecision,
} from '../../domain/arrival/decideIncomingCall';
import { recordArrivals } from '../../database/ArrivalStore';
import {
  type CallSessionState,
  dialSteps,
  step,
  type Transition,
} from '../../domain/engine/callEngine';

export interface IncomingCall {
  callSid: string;
  from: string;
  to: string;
  at: Date;
}

/** What became of an arriving call. */
export interface OpenedCall {
  decision: IncomingCallDecision;
  /**
   * The call's stored session (version 1) and the transition that opened
   * it, whose commands are left to carry out; absent when the call was not
   * accepted, or another replica (or Twilio's retry) recorded it first.
   */
  started?: { session: CallSession; transition: Transition };
}

type Accepted = Extract<IncomingCallDecision, { kind: 'accepted' }>;

/** Everything written when a call is accepted; the alert's id is the session's. */
interface CallRecord {
  alert: NewAlert;
  events: NewAlertEvent[];
  session: CallSession;
  transition: Transition;
}

const STATE_AFTER_WELCOME: Record<
  Accepted['next']['kind'],
  CallSessionState['state']
> = {
  queue: 'queued',
  menu: 'menu',
  voicemail: 'voicemail',
  'try-later': 'turned-away',
};

/**
 * The alert, its first events and the session of an accepted call, with
 * dialling started when the caller is queued. Pure.
 */
function recordOf(
  decision: Accepted,
  call: IncomingCall,
  plan: Planner,
): CallRecord {
  const { config } = decision.integration;
  const arrived: CallSessionState = {
    state: STATE_AFTER_WELCOME[decision.next.kind],
    plan:
      decision.next.kind === 'queue'
        ? dialSteps(plan(config.recipients, config.usersToTry, call.at).tiers)
        : [],
    next: 0,
    queuedAt: call.at.getTime(),
    voicemail: config.voicemail.enabled,
  };
  const transition =
    arrived.state === 'queued'
      ? step(arrived, { type: 'start-dialling' }, call.at.getTime())
      : { session: arrived, commands: [] };
  const events: NewAlertEvent[] = [
    {
      type: 'call-received',
      message: `Call from ${call.from} to ${call.to} (${config.name})`,
      at: call.at,
    },
  ];
  if (
    decision.next.kind === 'voicemail' ||
    decision.next.kind === 'try-later'
  ) {
    events.push({
      type: 'note',
      message:
        decision.next.kind === 'voicemail'
          ? 'Users to try is 0: the caller was asked to leave a voicemail'
          : 'Users to try is 0 and voicemail is off: the caller was asked to try again later',
      at: call.at,
    });
  }
  for (const command of transition.commands) {
    if (command.type === 'record') {
      events.push({
        type: command.eventType,
        message: command.message,
        userRef: command.userRef,
        at: call.at,
      });
    }
  }
  const alertId = randomUUID();
  return {
    alert: {
      teamRef: decision.integration.teamRef,
      integrationId: decision.integration.id,
      callerNumber: call.from,
      dialledNumber: call.to,
      priority: 'P3',
      tags: [],
      at: call.at,
    },
    events,
    session: {
      callSid: call.callSid,
      integrationId: decision.integration.id,
      alertId,
      version: 1,
      flow: transition.session,
      context: {
        callerNumber: call.from,
        dialledNumber: call.to,
        teamName: config.name,
        language: config.language,
        ringTimeoutSeconds: config.ringTimeoutSeconds,
        queue: callerQueue(call.callSid),
        voicemailPrompt: config.voicemail.prompt,
      },
    },
    transition,
  };
}

/** Routing that changes this often while one batch is recorded is refused. */
const MAX_ATTEMPTS = 3;

/**
 * Takes arriving calls, with group commit: the calls that arrive while one
 * batch is being written share the next, which decides each call from the
 * replica's routing view (integrations and overrides, see `RoutingCache`)
 * and records the accepted ones (alert, events, session) and the rejected
 * ones at once, provided the routing has not changed meanwhile; if it has,
 * the batch is decided again from a fresh view. A lone call is handled at
 * once; a burst of hundreds shares a few round trips. Each webhook still
 * answers only once its call is stored.
 */
export class CallOpenings {
  private readonly batches: Batcher<IncomingCall, OpenedCall>;

  constructor(
    private readonly deps: {
      db: Knex;
      routing: Pick<RoutingCache, 'view' | 'invalidate'>;
      roster: Pick<RosterService, 'plannerWith'>;
    },
  ) {
    this.batches = new Batcher(calls => this.openAll(calls));
  }

  open(call: IncomingCall): Promise<OpenedCall> {
    return this.batches.submit(call);
  }

  private async openAll(calls: IncomingCall[]): Promise<OpenedCall[]> {
    const { routing, roster } = this.deps;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const view = await routing.view(calls.map(c => c.to));
      const plan = await roster.plannerWith(view.overrides);
      const decisions = calls.map(call =>
        decideIncomingCall({
          ...call,
          integration: view.integrationOf(call.to),
        }),
      );
      const records = decisions.map((decision, i) =>
        decision.kind === 'accepted'
          ? recordOf(decision, calls[i], plan)
          : undefined,
      );
      const recorded = await this.write(
        calls,
        decisions,
        records,
        view.version,
      );
      if (!recorded) {
        routing.invalidate();
        continue;
      }
      return decisions.map((decision, i) => {
        const record = records[i];
        return record && recorded.has(record.session.alertId)
          ? {
              decision,
              started: {
                session: record.session,
                transition: record.transition,
              },
            }
          : { decision };
      });
    }
    throw new ConflictError(
      'The routing changed too often while the calls were being recorded',
    );
  }

  /**
   * Writes the batch if the routing is still `routingVersion`; returns the
   * alert ids of the calls it recorded, or undefined.
   */
  private write(
    calls: IncomingCall[],
    decisions: IncomingCallDecision[],
    records: Array<CallRecord | undefined>,
    routingVersion: number,
  ): Promise<Set<string> | undefined> {
    return recordArrivals(
      this.deps.db,
      {
        accepted: records.filter((r): r is CallRecord => r !== undefined),
        rejected: decisions.flatMap((decision, i) =>
          decision.kind === 'rejected'
            ? [
                {
                  callSid: calls[i].callSid,
                  integrationId: decision.integration.id,
                  callerNumber: calls[i].from,
                  at: calls[i].at,
                },
              ]
            : [],
        ),
      },
      routingVersion,
    );
  }
}
