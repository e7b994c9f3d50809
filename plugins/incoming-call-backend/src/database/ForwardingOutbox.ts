import type { ForwardingDestinationStatus } from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import { forwardingSecretOf } from './ForwardingSecrets';
import type { AlertEventRow, AlertRow } from './rows';

const CURSOR_ID = 'alert-events';

/** An event of `alert_events` with its place in the table and its alert. */
export interface SequencedEvent {
  seq: number;
  event: AlertEventRow;
  alert: AlertRow;
}

/** A delivery to enqueue: one event for one destination. */
export interface NewDelivery {
  eventId: string;
  alertId: string;
  integrationId: string;
  destinationId: string;
  /** What is sent (the forwarded event, JSON), the same on every attempt. */
  payload: string;
}

/** A delivery waiting to be sent. */
export interface PendingDelivery extends NewDelivery {
  id: number;
  attempts: number;
  nextAttemptAt: number;
}

interface DeliveryRow {
  id: number | string;
  event_id: string;
  alert_id: string;
  integration_id: string;
  destination_id: string;
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: number | string;
  lease_until: number | string | null;
  last_error: string | null;
  last_attempt_at: number | string | null;
  delivered_at: number | string | null;
  created_at: number | string;
}

const toPending = (row: DeliveryRow): PendingDelivery => ({
  id: Number(row.id),
  eventId: row.event_id,
  alertId: row.alert_id,
  integrationId: row.integration_id,
  destinationId: row.destination_id,
  payload: row.payload,
  attempts: Number(row.attempts),
  nextAttemptAt: Number(row.next_attempt_at),
});

/** Rows per insert: well under SQLite's limit of bound variables. */
const INSERT_CHUNK = 200;

/**
 * The forwarding outbox: where the forwarder is in `alert_events`, and the
 * deliveries, unique per event and destination, so that an event enqueued
 * twice (two replicas, a rescan) is delivered once.
 */
export class ForwardingOutbox {
  constructor(private readonly db: Knex) {}

  /** The seq below which every event has been enqueued. */
  async cursor(): Promise<number> {
    const row = await this.db('forwarding_cursor')
      .where({ id: CURSOR_ID })
      .first('last_seq');
    return Number(row?.last_seq ?? 0);
  }

  /** Moves the cursor forward (never back, whoever moved it meanwhile). */
  async advanceCursor(to: number): Promise<void> {
    await this.db('forwarding_cursor')
      .where({ id: CURSOR_ID })
      .where('last_seq', '<', to)
      .update({ last_seq: to });
  }

  /** The events after `seq`, oldest first, with their alerts. */
  async eventsAfter(seq: number, limit: number): Promise<SequencedEvent[]> {
    const rows = await this.db('alert_events')
      .join('alerts', 'alerts.id', 'alert_events.alert_id')
      .where('alert_events.seq', '>', seq)
      .orderBy('alert_events.seq')
      .limit(limit)
      .select(
        'alert_events.seq as event_seq',
        'alert_events.id as event_id',
        'alert_events.type as event_type',
        'alert_events.at as event_at',
        'alert_events.message as event_message',
        'alert_events.user_ref as event_user_ref',
        'alert_events.actor_ref as event_actor_ref',
        'alerts.*',
      );
    return rows.map(row => {
      const {
        event_seq,
        event_id,
        event_type,
        event_at,
        event_message,
        event_user_ref,
        event_actor_ref,
        ...alert
      } = row;
      return {
        seq: Number(event_seq),
        event: {
          id: event_id,
          alert_id: alert.id,
          type: event_type,
          at: event_at,
          message: event_message,
          user_ref: event_user_ref,
          actor_ref: event_actor_ref,
        },
        alert: alert as AlertRow,
      };
    });
  }

  /** Adds deliveries; those already there are left as they are. */
  async enqueue(deliveries: NewDelivery[], now: number): Promise<void> {
    for (let i = 0; i < deliveries.length; i += INSERT_CHUNK) {
      await this.db('forwarding_deliveries')
        .insert(
          deliveries.slice(i, i + INSERT_CHUNK).map(d => ({
            event_id: d.eventId,
            alert_id: d.alertId,
            integration_id: d.integrationId,
            destination_id: d.destinationId,
            payload: d.payload,
            status: 'pending',
            attempts: 0,
            next_attempt_at: now,
            created_at: now,
          })),
        )
        .onConflict(['event_id', 'destination_id'])
        .ignore();
    }
  }

  /** The destinations with deliveries waiting. */
  async waitingDestinations(): Promise<
    Array<{ integrationId: string; destinationId: string }>
  > {
    const rows = await this.db('forwarding_deliveries')
      .where({ status: 'pending' })
      .distinct('integration_id', 'destination_id');
    return rows.map(r => ({
      integrationId: r.integration_id,
      destinationId: r.destination_id,
    }));
  }

  /** A destination's oldest waiting deliveries, in the order to send them. */
  async waiting(
    integrationId: string,
    destinationId: string,
    limit: number,
  ): Promise<PendingDelivery[]> {
    const rows = await this.db<DeliveryRow>('forwarding_deliveries')
      .where({
        status: 'pending',
        integration_id: integrationId,
        destination_id: destinationId,
      })
      .orderBy('id')
      .limit(limit);
    return rows.map(toPending);
  }

  /**
   * Takes a due delivery for `leaseMs`: one conditional update, so that
   * of two runners (a task that outlived its timeout, another replica) one
   * gets it. Whether this one did.
   */
  async claim(id: number, now: number, leaseMs: number): Promise<boolean> {
    const taken = await this.db('forwarding_deliveries')
      .where({ id, status: 'pending' })
      .where('next_attempt_at', '<=', now)
      .where(q => q.whereNull('lease_until').orWhere('lease_until', '<', now))
      .update({ lease_until: now + leaseMs });
    return taken > 0;
  }

  async delivered(id: number, attempts: number, now: number): Promise<void> {
    await this.db('forwarding_deliveries').where({ id }).update({
      status: 'delivered',
      attempts,
      delivered_at: now,
      last_attempt_at: now,
      lease_until: null,
    });
  }

  /**
   * An attempt failed: tried again at `retryAt`, or given up (`failed`)
   * without one.
   */
  async attemptFailed(
    id: number,
    attempts: number,
    error: string,
    now: number,
    retryAt: number | undefined,
  ): Promise<void> {
    await this.db('forwarding_deliveries')
      .where({ id })
      .update({
        attempts,
        last_error: error,
        last_attempt_at: now,
        lease_until: null,
        ...(retryAt === undefined
          ? { status: 'failed' }
          : { next_attempt_at: retryAt }),
      });
  }

  /** A destination's Slack webhook URL or signing secret. */
  secretOf(integrationId: string, destinationId: string) {
    return forwardingSecretOf(this.db, integrationId, destinationId);
  }

  /** Drops the waiting deliveries of a destination that no longer exists. */
  async dropWaiting(integrationId: string, destinationId: string) {
    await this.db('forwarding_deliveries')
      .where({
        status: 'pending',
        integration_id: integrationId,
        destination_id: destinationId,
      })
      .delete();
  }

  /** Forgets deliveries made before `before` (ms). */
  async purgeDelivered(before: number): Promise<void> {
    await this.db('forwarding_deliveries')
      .where({ status: 'delivered' })
      .where('delivered_at', '<', before)
      .delete();
  }

  /** How deliveries to each of an integration's destinations are going. */
  async status(
    integrationId: string,
  ): Promise<Map<string, ForwardingDestinationStatus>> {
    const counts: Array<{
      destination_id: string;
      status: DeliveryRow['status'];
      count: number | string;
      deliveredAt: number | string | null;
    }> = await this.db('forwarding_deliveries')
      .where({ integration_id: integrationId })
      .groupBy('destination_id', 'status')
      .select('destination_id', 'status')
      .count({ count: '*' })
      .max({ deliveredAt: 'delivered_at' });
    const errors = await this.db('forwarding_deliveries as d')
      .where({ 'd.integration_id': integrationId })
      .whereNotNull('d.last_error')
      .whereNotExists(q =>
        q
          .from('forwarding_deliveries as later')
          .whereRaw('later.destination_id = d.destination_id')
          .whereRaw('later.integration_id = d.integration_id')
          .whereNotNull('later.last_error')
          .whereRaw('later.last_attempt_at > d.last_attempt_at'),
      )
      .select('d.destination_id', 'd.last_error', 'd.last_attempt_at');
    const byDestination = new Map<string, ForwardingDestinationStatus>();
    const of = (destinationId: string) => {
      let status = byDestination.get(destinationId);
      if (!status) {
        status = { destinationId, pending: 0, delivered: 0, failed: 0 };
        byDestination.set(destinationId, status);
      }
      return status;
    };
    for (const row of counts) {
      const status = of(row.destination_id);
      const count = Number(row.count);
      if (row.status === 'pending') status.pending = count;
      if (row.status === 'failed') status.failed = count;
      if (row.status === 'delivered') {
        status.delivered = count;
        status.lastDeliveredAt = new Date(
          Number(row.deliveredAt),
        ).toISOString();
      }
    }
    for (const row of errors) {
      of(row.destination_id).lastError = {
        message: row.last_error,
        at: new Date(Number(row.last_attempt_at)).toISOString(),
      };
    }
    return byDestination;
  }
}
