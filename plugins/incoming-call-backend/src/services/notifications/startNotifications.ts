import type {
  LifecycleService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { NotificationService as BackstageNotifications } from '@backstage/plugin-notifications-node';
import type { RoutingSnapshot } from '@icr/plugin-incoming-call-common';
import type { AlertStore } from '../../database/AlertStore';
import type { IntegrationStore } from '../../database/IntegrationStore';
import type { NotificationStore } from '../../database/NotificationStore';
import type { Clock } from '../../lib/clock';
import type { AlertSignals } from '../alerts/AlertSignals';
import type { RosterService } from '../RosterService';
import { backstageChannels } from './BackstageChannels';
import type { NotificationChannel } from './NotificationChannel';
import { NotificationDispatcher } from './NotificationDispatcher';
import { NotificationService } from './NotificationService';

/** How long shutdown waits for the notifications being sent (ms). */
const SHUTDOWN_BUDGET_MS = 3_000;

/**
 * The notifications of the plugin: the outbox's dispatcher over the
 * channels (Backstage's inbox and e-mail, and `extraChannels` such as SMS),
 * run on a schedule on every replica (claims keep each row to one) and
 * stopped at shutdown; returns the service the call flow tells.
 */
export async function startNotifications(deps: {
  config: RootConfigService;
  logger: LoggerService;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  notifications: BackstageNotifications;
  store: NotificationStore;
  alerts: AlertStore;
  integrations: IntegrationStore;
  catalog: { snapshot(): Promise<RoutingSnapshot> };
  roster: RosterService;
  signals: AlertSignals;
  clock: Clock;
  extraChannels?: NotificationChannel[];
  /** Outage mode: whether a call is grouped under an incident. */
  grouped?: (alertId: string) => Promise<boolean>;
}): Promise<NotificationService> {
  const { config, logger, scheduler, lifecycle, store, clock } = deps;
  const settings = config.getOptionalConfig('incomingCall.notifications');
  // Absolute where the app's URL is known (mails and SMS need it); the
  // inbox and the e-mail processor resolve a relative one themselves.
  const appBaseUrl = (config.getOptionalString('app.baseUrl') ?? '').replace(
    /\/+$/,
    '',
  );
  const dispatcher = new NotificationDispatcher({
    store,
    alerts: deps.alerts,
    integrations: deps.integrations,
    catalog: deps.catalog,
    channels: [
      ...backstageChannels(deps.notifications),
      ...(deps.extraChannels ?? []),
    ],
    alertLink: async alertId =>
      `${appBaseUrl}/incoming-calls/alerts/${encodeURIComponent(alertId)}`,
    clock,
    logger,
    signals: deps.signals,
    tuning: {
      batchSize: settings?.getOptionalNumber('batchSize') ?? 50,
      maxAttempts: settings?.getOptionalNumber('maxAttempts') ?? 3,
      retrySeconds: settings?.getOptionalNumber('retrySeconds') ?? 30,
      leaseSeconds: settings?.getOptionalNumber('leaseSeconds') ?? 120,
    },
  });
  const service = new NotificationService({
    store,
    integrations: deps.integrations,
    roster: deps.roster,
    catalog: deps.catalog,
    dispatcher,
    clock,
    logger,
    grouped: deps.grouped,
  });
  // Every replica polls: the claims keep each notification to one of them,
  // and a delayed one is sent by whichever replica is up when it is due.
  await scheduler.scheduleTask({
    id: 'incoming-call-notifications',
    scope: 'local',
    frequency: {
      seconds: settings?.getOptionalNumber('pollIntervalSeconds') ?? 5,
    },
    timeout: { minutes: 2 },
    fn: () => dispatcher.dispatchDue(),
  });
  lifecycle.addShutdownHook(async () => {
    dispatcher.stop();
    await service.idle(SHUTDOWN_BUDGET_MS);
    await dispatcher.idle(SHUTDOWN_BUDGET_MS);
  });
  return service;
}
