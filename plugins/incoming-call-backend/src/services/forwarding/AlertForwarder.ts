import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ForwardingStatus,
  Integration,
  RoutingSnapshot,
} from '@icr/plugin-incoming-call-common';
import type { ForwardingSettings } from '../../config/forwardingConfig';
import type {
  ForwardingOutbox,
  NewDelivery,
  PendingDelivery,
} from '../../database/ForwardingOutbox';
import type { IntegrationStore } from '../../database/IntegrationStore';
import { toAlert, toEvent } from '../../database/rows';
import type { Clock } from '../../lib/clock';
import { forwardedEvent, forwardingKindOf } from './forwardedEvent';
import type { ForwardingSender, ForwardingTarget } from './ForwardingSender';

/** The outbox's destination id of the events service. */
export const EVENTS_SERVICE_DESTINATION = 'events-service';

/** Events read from `alert_events` at a time. */
const EVENT_BATCH = 500;
/** Deliveries of one destination read at a time. */
const DELIVERY_BATCH = 50;
/**
 * How long a hole in `alert_events.seq` is waited for. On PostgreSQL a
 * sequence number is taken when a row is inserted and becomes visible when
 * its transaction commits, so a later number can be seen first; a hole is
 * also left for good by a transaction that rolled back. The store's
 * transactions last milliseconds: past this, the hole is a rollback.
 */
const SEQ_HOLE_WAIT_MS = 30_000;
/** Delivered deliveries are kept this long, for the integration's status. */
const DELIVERED_KEPT_MS = 7 * 24 * 3600_000;

/** The wait before the next attempt after `attempts` failed ones. */
export const retryDelayMs = (
  attempts: number,
  settings: Pick<ForwardingSettings, 'initialBackoffMs' | 'maxBackoffMs'>,
) =>
  Math.min(
    settings.maxBackoffMs,
    settings.initialBackoffMs * 2 ** Math.max(0, attempts - 1),
  );

/**
 * Forwards alert events: turns new rows of `alert_events` into outbox
 * deliveries, then sends what is due, with retries.
 *
 * Why a cursor over `alert_events` rather than a hook where events are
 * added: events are written in several places (the call engine's batches,
 * the raw SQL of a burst of arrivals, degraded mode's write-back, manual
 * actions, voicemails), and the call path must not wait on forwarding. The
 * table is already the durable record of every event, so reading it after
 * the fact loses nothing across restarts and costs the webhooks nothing.
 * It runs as one Backstage scheduler task (global: one runner at a time
 * across replicas). Deliveries are unique per event and destination, and
 * each is claimed before it is sent, so a second runner (a task outliving
 * its timeout) neither enqueues nor sends anything twice.
 */
export class AlertForwarder {
  /** Holes in seq (by their first seq) and when this runner first saw each. */
  private readonly holes = new Map<number, number>();

  constructor(
    private readonly deps: {
      outbox: ForwardingOutbox;
      integrations: IntegrationStore;
      catalog: { snapshot(): Promise<RoutingSnapshot> };
      sender: ForwardingSender;
      settings: ForwardingSettings;
      logger: LoggerService;
      clock: Clock;
    },
  ) {}

  /** One run of the task: enqueue what is new, send what is due. */
  async run(): Promise<void> {
    await this.enqueueNew();
    await this.deliverDue();
    await this.deps.outbox.purgeDelivered(
      this.deps.clock.now() - DELIVERED_KEPT_MS,
    );
  }

  /** How deliveries to the integration's destinations are going. */
  async status(integration: Integration): Promise<ForwardingStatus> {
    const byDestination = await this.deps.outbox.status(integration.id);
    return {
      destinations: (integration.config.forwarding?.destinations ?? []).map(
        d =>
          byDestination.get(d.id) ?? {
            destinationId: d.id,
            pending: 0,
            delivered: 0,
            failed: 0,
          },
      ),
    };
  }

  /** Enqueues every event after the cursor, batch by batch. */
  private async enqueueNew(): Promise<void> {
    const { outbox, clock } = this.deps;
    for (;;) {
      const cursor = await outbox.cursor();
      const events = await outbox.eventsAfter(cursor, EVENT_BATCH);
      if (events.length === 0) return;
      await outbox.enqueue(await this.deliveriesOf(events), clock.now());
      const settled = this.settledUpTo(
        cursor,
        events.map(e => e.seq),
      );
      await outbox.advanceCursor(settled);
      // Stopped at a hole (or read everything there was): next run.
      if (
        settled < events[events.length - 1].seq ||
        events.length < EVENT_BATCH
      ) {
        return;
      }
    }
  }

  private async deliveriesOf(
    events: Awaited<ReturnType<ForwardingOutbox['eventsAfter']>>,
  ): Promise<NewDelivery[]> {
    const { integrations, catalog, settings } = this.deps;
    const snapshot = await catalog.snapshot();
    const integrationById = new Map<string, Promise<Integration | undefined>>();
    const deliveries: NewDelivery[] = [];
    for (const { event: eventRow, alert: alertRow } of events) {
      const kind = forwardingKindOf(eventRow.type);
      if (!kind) continue;
      const alert = toAlert(alertRow);
      if (!integrationById.has(alert.integrationId)) {
        integrationById.set(
          alert.integrationId,
          integrations.getById(alert.integrationId),
        );
      }
      const integration = await integrationById.get(alert.integrationId);
      const event = toEvent(eventRow);
      const payload = JSON.stringify(
        forwardedEvent({
          kind,
          alert,
          event,
          teamName:
            snapshot.teams.get(alert.teamRef)?.displayName ?? alert.teamRef,
          integrationName: integration?.config.name ?? '',
          appBaseUrl: settings.appBaseUrl,
        }),
      );
      const delivery = {
        eventId: event.id,
        alertId: alert.id,
        integrationId: alert.integrationId,
        payload,
      };
      deliveries.push({
        ...delivery,
        destinationId: EVENTS_SERVICE_DESTINATION,
      });
      for (const destination of integration?.config.forwarding?.destinations ??
        []) {
        if (destination.events.includes(kind)) {
          deliveries.push({ ...delivery, destinationId: destination.id });
        }
      }
    }
    return deliveries;
  }

  /**
   * The seq the cursor may move to: the end of the run of consecutive
   * numbers from the cursor on, past holes older than SEQ_HOLE_WAIT_MS.
   * Events after a hole are enqueued already; only the cursor waits, so a
   * late commit is still read (and what was enqueued is not enqueued
   * twice: deliveries are unique).
   */
  private settledUpTo(cursor: number, seqs: number[]): number {
    const now = this.deps.clock.now();
    let settled = cursor;
    for (const seq of seqs) {
      if (seq !== settled + 1) {
        const hole = settled + 1;
        const seenAt = this.holes.get(hole) ?? now;
        this.holes.set(hole, seenAt);
        if (now - seenAt < SEQ_HOLE_WAIT_MS) break;
      }
      settled = seq;
    }
    for (const hole of this.holes.keys()) {
      if (hole <= settled) this.holes.delete(hole);
    }
    return settled;
  }

  /** Sends what is due, each destination in its own order, side by side. */
  private async deliverDue(): Promise<void> {
    const destinations = await this.deps.outbox.waitingDestinations();
    await Promise.all(
      destinations.map(async ({ integrationId, destinationId }) => {
        try {
          await this.deliverTo(integrationId, destinationId);
        } catch (error) {
          this.deps.logger.warn(
            `Forwarding to destination ${destinationId} stopped: ${error}`,
          );
        }
      }),
    );
  }

  private async targetOf(
    integrationId: string,
    destinationId: string,
  ): Promise<ForwardingTarget | undefined> {
    if (destinationId === EVENTS_SERVICE_DESTINATION) {
      return { type: 'events-service' };
    }
    const integration = await this.deps.integrations.getById(integrationId);
    const destination = integration?.config.forwarding?.destinations.find(
      d => d.id === destinationId,
    );
    const secret = await this.deps.outbox.secretOf(
      integrationId,
      destinationId,
    );
    if (!destination || !secret) return undefined;
    return destination.type === 'slack'
      ? { type: 'slack', url: secret }
      : { type: 'http', url: destination.url, secret };
  }

  /**
   * Sends a destination's deliveries oldest first, so a receiver sees an
   * alert's events in order; stops at the first that is not due or fails
   * (its retry comes first next time), skipping those given up.
   */
  private async deliverTo(
    integrationId: string,
    destinationId: string,
  ): Promise<void> {
    const { outbox } = this.deps;
    const target = await this.targetOf(integrationId, destinationId);
    if (!target) {
      // The destination was removed from the integration since.
      await outbox.dropWaiting(integrationId, destinationId);
      return;
    }
    for (;;) {
      const waiting = await outbox.waiting(
        integrationId,
        destinationId,
        DELIVERY_BATCH,
      );
      for (const delivery of waiting) {
        if (!(await this.attempt(target, delivery))) return;
      }
      if (waiting.length < DELIVERY_BATCH) return;
    }
  }

  /** One attempt at a delivery; whether to go on with the next one. */
  private async attempt(
    target: ForwardingTarget,
    delivery: PendingDelivery,
  ): Promise<boolean> {
    const { outbox, clock, settings, sender } = this.deps;
    const now = clock.now();
    if (delivery.nextAttemptAt > now) return false;
    const leaseMs = settings.requestTimeoutMs + 30_000;
    if (!(await outbox.claim(delivery.id, now, leaseMs))) return false;
    const attempts = delivery.attempts + 1;
    try {
      await sender.send(target, delivery.payload, delivery.eventId);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = attempts >= settings.maxAttempts;
      await outbox.attemptFailed(
        delivery.id,
        attempts,
        message,
        clock.now(),
        giveUp ? undefined : clock.now() + retryDelayMs(attempts, settings),
      );
      if (giveUp) {
        this.deps.logger.warn(
          `Gave up forwarding event ${delivery.eventId} to destination ${delivery.destinationId} after ${attempts} attempts: ${message}`,
        );
      }
      return giveUp;
    }
    await outbox.delivered(delivery.id, attempts, clock.now());
    return true;
  }
}
