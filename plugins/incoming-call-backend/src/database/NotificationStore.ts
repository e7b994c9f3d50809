import { randomUUID } from 'node:crypto';
import type { ContactMethod } from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import type {
  NotificationReason,
  PlannedNotification,
} from '../domain/notifications/planNotifications';
import { AlertStore } from './AlertStore';
import { NOTIFICATION_OUTBOX } from './NotificationDetails';

/** Where a notification of the outbox is. */
export type NotificationState = 'pending' | 'sent' | 'failed' | 'cancelled';

/** A row of the outbox a replica has claimed to send. */
export interface ClaimedNotification extends PlannedNotification {
  id: string;
  /** Counting this one. */
  attempts: number;
  claimToken: string;
}

interface OutboxRow {
  id: string;
  key: string;
  alert_id: string;
  step: number;
  user_ref: string;
  method: ContactMethod;
  reason: NotificationReason;
  due_at: number | string;
  state: NotificationState;
  attempts: number;
  error: string | null;
  claim_token: string | null;
  claimed_until: number | string | null;
  created_at: number | string;
  updated_at: number | string;
}

const TABLE = NOTIFICATION_OUTBOX;

/**
 * The notifications outbox: due notifications, unique by key, claimed by
 * one replica at a time (a claim token under a lease), each ending sent,
 * failed or cancelled. A sent or failed one writes its timeline event in
 * the same transaction, under the row's id, so it is written once.
 */
export class NotificationStore {
  constructor(private readonly db: Knex) {}

  /**
   * Inserts the notifications not in the outbox yet (by key): a duplicated
   * webhook, or the same call seen by two replicas, inserts each once.
   */
  async enqueue(planned: PlannedNotification[], now: number): Promise<void> {
    if (planned.length === 0) return;
    await this.db(TABLE)
      .insert(
        planned.map(p => ({
          id: randomUUID(),
          key: p.key,
          alert_id: p.alertId,
          step: p.step,
          user_ref: p.userRef,
          method: p.method,
          reason: p.reason,
          due_at: p.dueAt,
          state: 'pending',
          attempts: 0,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict('key')
      .ignore();
  }

  /**
   * Claims up to `limit` due notifications for this replica for `leaseMs`.
   * The UPDATE re-checks that each row is still unclaimed, so of two
   * replicas claiming at once each row goes to one (PostgreSQL re-evaluates
   * the condition on a row another transaction changed meanwhile).
   */
  async claimDue(
    now: number,
    limit: number,
    leaseMs: number,
  ): Promise<ClaimedNotification[]> {
    const unclaimed = (q: Knex.QueryBuilder) =>
      q
        .where({ state: 'pending' })
        .where('due_at', '<=', now)
        .where(w =>
          w.whereNull('claimed_until').orWhere('claimed_until', '<', now),
        );
    const ids: string[] = await unclaimed(this.db(TABLE))
      .orderBy('due_at')
      .limit(limit)
      .pluck('id');
    if (ids.length === 0) return [];
    const claimToken = randomUUID();
    await unclaimed(this.db(TABLE))
      .whereIn('id', ids)
      .update({
        claim_token: claimToken,
        claimed_until: now + leaseMs,
        attempts: this.db.raw('attempts + 1'),
        updated_at: now,
      });
    const rows: OutboxRow[] = await this.db(TABLE)
      .where({ claim_token: claimToken, state: 'pending' })
      .orderBy('due_at');
    return rows.map(r => ({
      id: r.id,
      key: r.key,
      alertId: r.alert_id,
      step: Number(r.step),
      userRef: r.user_ref,
      method: r.method,
      reason: r.reason,
      dueAt: Number(r.due_at),
      attempts: Number(r.attempts),
      claimToken,
    }));
  }

  /**
   * Ends a claimed notification: sent or failed (with its timeline event),
   * or cancelled. Only under this replica's claim; false when the claim
   * was lost (its lease ran out and another replica took the row).
   */
  async finish(
    row: ClaimedNotification,
    outcome:
      | { state: 'sent' | 'failed'; error?: string; event: TimelineEvent }
      | { state: 'cancelled' },
    now: number,
  ): Promise<boolean> {
    return this.db.transaction(async tx => {
      const changed = await tx(TABLE)
        .where({ id: row.id, claim_token: row.claimToken, state: 'pending' })
        .update({
          state: outcome.state,
          error: 'error' in outcome ? outcome.error ?? null : null,
          claimed_until: null,
          updated_at: now,
        });
      if (changed === 0) return false;
      if (outcome.state !== 'cancelled') {
        await new AlertStore(tx).addEvent(row.alertId, {
          id: row.id,
          type: 'notification-sent',
          message: outcome.event.message,
          userRef: row.userRef,
          at: new Date(now),
        });
      }
      return true;
    });
  }

  /** A failed attempt to try again at `dueAt`; the error is kept meanwhile. */
  async retryLater(
    row: ClaimedNotification,
    dueAt: number,
    error: string,
    now: number,
  ): Promise<void> {
    await this.db(TABLE)
      .where({ id: row.id, claim_token: row.claimToken, state: 'pending' })
      .update({
        due_at: dueAt,
        error,
        claim_token: null,
        claimed_until: null,
        updated_at: now,
      });
  }

  /**
   * Cancels the alert's notifications still waiting (not those a replica is
   * sending right now: that one checks the alert just before it sends).
   */
  async cancelPending(alertId: string, now: number): Promise<number> {
    return this.db(TABLE)
      .where({ alert_id: alertId, state: 'pending' })
      .where(w =>
        w.whereNull('claimed_until').orWhere('claimed_until', '<', now),
      )
      .update({ state: 'cancelled', updated_at: now });
  }
}

/** The timeline event a sent or failed notification writes. */
export interface TimelineEvent {
  message: string;
}
