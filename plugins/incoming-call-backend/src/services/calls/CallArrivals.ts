import { randomUUID } from 'node:crypto';
import { ConflictError } from '@backstage/errors';
import type { ArrivalStore } from '../../database/ArrivalStore';
import type { CallStore } from '../../database/CallStore';
import { isDataError } from '../../database/dataErrors';
import {
  type ArrivalRecord,
  arrivalRecord,
  type IncomingCall,
} from '../../domain/arrival/arrivalRecord';
import {
  decideIncomingCall,
  type IncomingCallDecision,
} from '../../domain/arrival/decideIncomingCall';
import type { CallSession } from '../../domain/engine/callSession';
import type { Transition } from '../../domain/engine/callEngine';
import { Batcher } from '../../lib/Batcher';
import type { AlertSignals } from '../alerts/AlertSignals';
import type { IncidentService } from '../incidents/IncidentService';
import type { RosterService } from '../RosterService';
import type { RoutingCache } from '../routing/RoutingCache';

/** What became of an arriving call. */
export interface OpenedCall {
  /** An accepted call's `next` is where the engine opened it (see `ArrivalRecord.next`). */
  decision: IncomingCallDecision;
  /**
   * The call's stored session (version 1) and the transition that opened
   * it, whose commands are left to carry out; absent when the call was not
   * accepted, or another replica (or Twilio's retry) recorded it first.
   */
  started?: { session: CallSession; transition: Transition };
  /**
   * The caller's final status, reported before their session was stored
   * (kept by the status callback): the call is over before it started.
   */
  endedEarly?: { status: string; durationSeconds: number };
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
export class CallArrivals {
  private readonly batches: Batcher<IncomingCall, OpenedCall>;

  constructor(
    private readonly deps: {
      arrivals: Pick<ArrivalStore, 'record'>;
      routing: Pick<RoutingCache, 'view' | 'invalidate'>;
      roster: Pick<RosterService, 'plannerWith'>;
      /** Live updates of the alerts; none in some tests. */
      signals?: AlertSignals;
      /** Final statuses that came before their calls were stored. */
      early?: Pick<CallStore, 'earlyStatuses'>;
      /** Outage mode: groups a burst of calls under one incident; none in some tests. */
      incidents?: Pick<IncidentService, 'group'>;
    },
  ) {
    // A call the statement cannot take fails alone, not its batch.
    this.batches = new Batcher(calls => this.openAll(calls), {
      isolates: isDataError,
    });
  }

  open(call: IncomingCall): Promise<OpenedCall> {
    return this.batches.submit(call);
  }

  private async openAll(calls: IncomingCall[]): Promise<OpenedCall[]> {
    const { routing, roster } = this.deps;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const view = await routing.view(calls.map(c => c.to));
      const plan = await roster.plannerWith(view.overrides);
      const decisions = calls.map(call => {
        const integration = view.integrationOf(call.to);
        return decideIncomingCall({
          ...call,
          integration,
          // Outage mode: what the team tells every caller after the welcome.
          statusMessage:
            integration && view.statusMessageOf(integration.teamRef),
        });
      });
      const records = decisions.map((decision, i) =>
        decision.kind === 'accepted'
          ? arrivalRecord(decision, calls[i], plan, randomUUID())
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
      for (const record of records) {
        if (record && recorded.has(record.session.alertId)) {
          this.deps.signals?.publish(
            record.session.alertId,
            record.alert.teamRef,
            'created',
          );
        }
      }
      // Outage mode: before the webhooks answer and the calls' notifications
      // are enqueued, which skip the calls grouped under an incident.
      await this.deps.incidents?.group(
        records.flatMap((record, i) => {
          const decision = decisions[i];
          return record &&
            decision.kind === 'accepted' &&
            recorded.has(record.session.alertId)
            ? [{ integration: decision.integration, record }]
            : [];
        }),
      );
      // Hang-ups reported while the batch was being written (checked after
      // the write: a status kept later finds the session stored).
      const early = await this.deps.early?.earlyStatuses(
        records.flatMap(r =>
          r && recorded.has(r.session.alertId) ? [r.session.callSid] : [],
        ),
      );
      return decisions.map((decision, i) => {
        const record = records[i];
        if (!record || decision.kind !== 'accepted') return { decision };
        // The welcome leads where the engine opened the call.
        const accepted = { ...decision, next: record.next };
        const endedEarly = early?.get(record.session.callSid);
        return recorded.has(record.session.alertId)
          ? {
              decision: accepted,
              started: {
                session: record.session,
                transition: record.transition,
              },
              ...(endedEarly && { endedEarly }),
            }
          : { decision: accepted };
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
    records: Array<ArrivalRecord | undefined>,
    routingVersion: number,
  ): Promise<Set<string> | undefined> {
    return this.deps.arrivals.record(
      {
        accepted: records.filter((r): r is ArrivalRecord => r !== undefined),
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
