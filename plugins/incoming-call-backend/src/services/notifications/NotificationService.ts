import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  IntegrationConfig,
  RoutingSnapshot,
} from '@icr/plugin-incoming-call-common';
import type { IntegrationStore } from '../../database/IntegrationStore';
import type { NotificationStore } from '../../database/NotificationStore';
import {
  type DialStep,
  dialSteps,
  type Transition,
} from '../../domain/engine/callEngine';
import type { CallSession } from '../../domain/engine/callSession';
import {
  NOTIFY_ONLY_USERS_TO_TRY,
  type NotificationTrigger,
  notifyOnlyRecipients,
  planNotifications,
  stopsNotifications,
} from '../../domain/notifications/planNotifications';
import type { Clock } from '../../lib/clock';
import { BackgroundWork } from '../calls/BackgroundWork';
import type { RosterService } from '../RosterService';
import type { NotificationDispatcher } from './NotificationDispatcher';

/**
 * Where the call flow meets the notifications: a call that reached its
 * dial plan (arrival, menu choice) or left a voicemail puts its
 * notifications in the outbox; an answer, a hang-up, an acknowledge or a
 * close cancels those still waiting. Nothing here sends: the dispatcher
 * does, outside the webhook, at once for what is due now.
 */
export class NotificationService {
  private readonly work: BackgroundWork;

  constructor(
    private readonly deps: {
      store: NotificationStore;
      integrations: IntegrationStore;
      /** Plans whom a voicemail-only call notifies (it dials nobody). */
      roster: Pick<RosterService, 'integrationPlan'>;
      catalog: { snapshot(): Promise<RoutingSnapshot> };
      dispatcher: NotificationDispatcher;
      clock: Clock;
      logger: LoggerService;
      /** Outage mode: whether a call is grouped under an incident (notified through it). */
      grouped?: (alertId: string) => Promise<boolean>;
    },
  ) {
    this.work = new BackgroundWork(deps.logger);
  }

  /**
   * After a stored transition of a call (`why` is its event): its plan
   * reached (`call-arrived`, `option-chosen`) enqueues the notifications,
   * an answer, hang-up or close cancels the rest. Runs beside the call's
   * own follow-up, so no webhook waits on it.
   */
  followCall(session: CallSession, transition: Transition, why: string): void {
    if (stopsNotifications(transition.commands)) {
      this.work.run(
        `Alert ${session.alertId}: cancelling notifications failed`,
        () =>
          this.deps.store.cancelPending(session.alertId, this.deps.clock.now()),
      );
    } else if (why === 'call-arrived' || why === 'option-chosen') {
      const at =
        why === 'call-arrived'
          ? session.flow.arrivedAt ?? this.deps.clock.now()
          : this.deps.clock.now();
      this.work.run(
        `Alert ${session.alertId}: enqueueing notifications failed`,
        () => this.enqueue(session, { kind: 'routed', at }),
      );
    }
  }

  /**
   * The caller left a voicemail (once per call): mode voicemail notifies
   * now. A failure is logged, never the recording callback's.
   */
  async voicemailLeft(session: CallSession, at: Date): Promise<void> {
    await this.enqueue(session, { kind: 'voicemail', at: at.getTime() }).catch(
      error =>
        this.deps.logger.error(
          `Alert ${session.alertId}: enqueueing voicemail notifications failed`,
          error,
        ),
    );
  }

  /**
   * Someone acknowledged or closed the alert by hand: the rest are
   * cancelled (a failure is logged: the dispatcher checks the alert before
   * each send anyway).
   */
  async alertHandled(alertId: string): Promise<void> {
    await this.deps.store
      .cancelPending(alertId, this.deps.clock.now())
      .catch(error =>
        this.deps.logger.error(
          `Alert ${alertId}: cancelling notifications failed`,
          error,
        ),
      );
  }

  /**
   * Outage mode: an incident opened. Its parent alert is notified once, as
   * the call that opened it would have been (a voicemail-only mode at once:
   * an incident is news before any voicemail), whatever the opener's alert
   * rule said; the calls grouped under it lose what they had still waiting.
   */
  incidentOpened(
    parentAlertId: string,
    opener: CallSession,
    children: string[],
  ): void {
    const { store, clock } = this.deps;
    this.work.run(
      `Incident ${parentAlertId}: notifications failed`,
      async () => {
        for (const id of children) await store.cancelPending(id, clock.now());
        await this.enqueue(
          {
            ...opener,
            alertId: parentAlertId,
            context: { ...opener.context, notificationsMuted: false },
          },
          { kind: 'routed', at: clock.now() },
          true,
        );
      },
    );
  }

  /** Resolves when the enqueueing started so far is done (tests, shutdown). */
  idle(budgetMs?: number): Promise<boolean> {
    return this.work.idle(budgetMs);
  }

  /** A voicemail-only call's plan: its recipients', as if it dialled them. */
  private async notifyOnlyPlan(
    config: IntegrationConfig,
    session: CallSession,
    at: number,
  ): Promise<DialStep[]> {
    const recipients = notifyOnlyRecipients(config, session.flow.option?.key);
    if (recipients.length === 0) return [];
    const planned = await this.deps.roster.integrationPlan(
      {
        ...config,
        recipients: [...recipients],
        autoAttendant: { ...config.autoAttendant, enabled: false },
        usersToTry: NOTIFY_ONLY_USERS_TO_TRY,
      },
      new Date(at),
    );
    return dialSteps(planned.recipients?.tiers ?? []);
  }

  private async enqueue(
    session: CallSession,
    trigger: NotificationTrigger,
    incident = false,
  ) {
    const { integrations, catalog, store, dispatcher, clock } = this.deps;
    // A call grouped under an incident is notified through it.
    if (await this.deps.grouped?.(session.alertId)) return;
    const integration = await integrations.getById(session.integrationId);
    if (!integration) return;
    const { config } = integration;
    const plan =
      config.usersToTry === 0
        ? await this.notifyOnlyPlan(config, session, trigger.at)
        : session.flow.plan;
    const snapshot = await catalog.snapshot();
    const methods = new Set(dispatcher.methods);
    const planned = planNotifications({
      alertId: session.alertId,
      notification:
        incident && config.notification.mode === 'voicemail'
          ? { mode: 'default' }
          : config.notification,
      trigger,
      arrivedAt: session.flow.arrivedAt ?? trigger.at,
      plan,
      ringTimeoutSeconds: session.context.ringTimeoutSeconds,
      // The caller's alert rule says "no notifications".
      suppressed: session.context.notificationsMuted === true,
      methodsOf: ref =>
        (snapshot.users.get(ref)?.contactMethods ?? []).filter(m =>
          methods.has(m),
        ),
    });
    const now = clock.now();
    await store.enqueue(planned, now);
    if (planned.some(p => p.dueAt <= now)) dispatcher.kick();
  }
}
