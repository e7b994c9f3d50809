import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ContactMethod,
  RoutingSnapshot,
} from '@icr/plugin-incoming-call-common';
import type { AlertStore } from '../../database/AlertStore';
import type { IntegrationStore } from '../../database/IntegrationStore';
import type {
  ClaimedNotification,
  NotificationStore,
} from '../../database/NotificationStore';
import { notificationEventMessage } from '../../domain/notifications/notificationMessage';
import { stillWanted } from '../../domain/notifications/planNotifications';
import type { Clock } from '../../lib/clock';
import type { AlertSignals } from '../alerts/AlertSignals';
import { BackgroundWork } from '../calls/BackgroundWork';
import type {
  NotificationChannel,
  NotificationDelivery,
} from './NotificationChannel';

/** The dispatcher's tuning (`incomingCall.notifications` in the config). */
export interface DispatcherTuning {
  /** Rows claimed at a time. */
  batchSize: number;
  /** Attempts before a notification is failed for good. */
  maxAttempts: number;
  /** The wait before the first retry; each further one waits twice as long (s). */
  retrySeconds: number;
  /** How long a claim holds: a replica that dies while sending loses it then (s). */
  leaseSeconds: number;
}

/**
 * Sends the outbox's due notifications: claims them (one replica per row),
 * checks the alert just before each send (acknowledged or closed on any
 * replica, answered, abandoned: cancelled instead), sends through the
 * channel of its method, and records the outcome on the alert's timeline.
 * Run by the scheduler on every replica, and kicked in-process when a
 * notification is due at once.
 */
export class NotificationDispatcher {
  private readonly work: BackgroundWork;
  private readonly channels: Map<ContactMethod, NotificationChannel>;
  private running: Promise<void> | undefined;
  private kickedAgain = false;

  constructor(
    private readonly deps: {
      store: NotificationStore;
      alerts: AlertStore;
      integrations: IntegrationStore;
      catalog: { snapshot(): Promise<RoutingSnapshot> };
      channels: NotificationChannel[];
      /** The alert's page in Backstage, absolute. */
      alertLink: (alertId: string) => Promise<string>;
      clock: Clock;
      logger: LoggerService;
      signals?: AlertSignals;
      tuning: DispatcherTuning;
    },
  ) {
    this.work = new BackgroundWork(deps.logger);
    this.channels = new Map(deps.channels.map(c => [c.method, c]));
  }

  /** The methods this replica can send by. */
  get methods(): ContactMethod[] {
    return [...this.channels.keys()];
  }

  /** Sends what is due now, in the background (a notification due at once). */
  kick(): void {
    if (this.work.stopped) return;
    this.work.run('Sending notifications failed', () => this.dispatchDue());
  }

  /**
   * Sends every due notification, a batch at a time (the scheduled task).
   * While a run is under way, another call has it go round once more (the
   * run may have claimed before the new rows were stored) and waits for it.
   */
  async dispatchDue(): Promise<void> {
    if (this.running) {
      this.kickedAgain = true;
      await this.running;
      return;
    }
    this.running = this.runUntilDone().finally(() => {
      this.running = undefined;
    });
    await this.running;
  }

  private async runUntilDone(): Promise<void> {
    const { batchSize, leaseSeconds } = this.deps.tuning;
    do {
      this.kickedAgain = false;
      let claimed: ClaimedNotification[];
      do {
        claimed = await this.deps.store.claimDue(
          this.deps.clock.now(),
          batchSize,
          leaseSeconds * 1000,
        );
        await Promise.all(claimed.map(row => this.deliver(row)));
      } while (claimed.length === batchSize && !this.work.stopped);
    } while (this.kickedAgain && !this.work.stopped);
  }

  /** Resolves when the sends started so far are done (tests, shutdown). */
  idle(budgetMs?: number): Promise<boolean> {
    return this.work.idle(budgetMs);
  }

  /** Shutdown: no new runs; the other replicas' schedules take over. */
  stop(): void {
    this.work.stop();
  }

  private async deliver(row: ClaimedNotification): Promise<void> {
    const { store, alerts, catalog, integrations, clock, logger } = this.deps;
    const alert = await alerts.get(row.alertId);
    if (!alert || !stillWanted(alert)) {
      await store.finish(row, { state: 'cancelled' }, clock.now());
      return;
    }
    const snapshot = await catalog.snapshot();
    const user = snapshot.users.get(row.userRef);
    const displayName = user?.displayName ?? row.userRef;
    const channel = this.channels.get(row.method);
    let error: string | undefined;
    if (!channel) {
      error = `this backend has no ${row.method} channel`;
    } else if (!user) {
      error = 'the user is no longer in the catalog';
    } else {
      const integration = await integrations.getById(alert.integrationId);
      const delivery: NotificationDelivery = {
        key: row.key,
        reason: row.reason,
        alert: {
          id: alert.id,
          teamRef: alert.teamRef,
          teamTitle:
            snapshot.teams.get(alert.teamRef)?.displayName ?? alert.teamRef,
          integrationName: integration?.config.name ?? 'the hotline',
          callerNumber: alert.callerNumber,
          priority: alert.priority,
          tags: alert.tags,
          ...(alert.title && { title: alert.title }),
          link: await this.deps.alertLink(alert.id),
        },
        user: {
          ref: user.ref,
          displayName: user.displayName,
          ...(user.phone && { phone: user.phone }),
          ...(user.email && { email: user.email }),
        },
      };
      try {
        await channel.send(delivery);
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
    }
    const now = clock.now();
    const { maxAttempts, retrySeconds } = this.deps.tuning;
    if (error !== undefined && channel && user && row.attempts < maxAttempts) {
      logger.warn(
        `Notification ${row.key} failed (attempt ${row.attempts} of ${maxAttempts}), retrying: ${error}`,
      );
      await store.retryLater(
        row,
        now + retrySeconds * 1000 * 2 ** (row.attempts - 1),
        error,
        now,
      );
      return;
    }
    const message = notificationEventMessage({
      displayName,
      method: row.method,
      step: row.step,
      ...(error !== undefined && { error }),
    });
    const finished = await store.finish(
      row,
      error === undefined
        ? { state: 'sent', event: { message } }
        : { state: 'failed', error, event: { message } },
      now,
    );
    if (finished) this.deps.signals?.publish(alert.id, alert.teamRef, 'event');
  }
}
