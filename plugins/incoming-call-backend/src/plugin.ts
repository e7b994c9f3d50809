import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  createConditionAuthorizer,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  incomingCallAlertReadPermission,
  incomingCallAlertUpdatePermission,
  incomingCallNumberManagePermission,
  incomingCallOrganisationUsageReadPermission,
  incomingCallReadPermission,
  incomingCallRoutingUpdatePermission,
  incomingCallUsageReadPermission,
} from '@icr/plugin-incoming-call-common';
import {
  alertResourceRef,
  incomingCallTwilioExtensionPoint,
  isAlertParticipant,
  isTeamMember,
  teamResourceRef,
} from '@icr/plugin-incoming-call-node';
import { readAudioConfig } from './config/audioConfig';
import { AlertStore } from './database/AlertStore';
import { ArrivalStore } from './database/ArrivalStore';
import { AudioStore } from './database/AudioStore';
import { VoicemailStore } from './database/VoicemailStore';
import { CallStore } from './database/CallStore';
import { IntegrationStore } from './database/IntegrationStore';
import { applyMigrations } from './database/migrations';
import { OutboundCallLimiter } from './database/OutboundCallLimiter';
import { OverrideStore } from './database/OverrideStore';
import { NumberStore } from './database/NumberStore';
import { ForwardingOutbox } from './database/ForwardingOutbox';
import { NotificationStore } from './database/NotificationStore';
import { RoutingVersionStore } from './database/RoutingVersionStore';
import { createWithTransaction } from './database/transactions';
import { AnalyticsStore } from './database/AnalyticsStore';
import { CallLegStore } from './database/CallLegStore';
import { UsageRollups } from './database/UsageRollups';
import { UsageStore } from './database/UsageStore';
import { LegRecorder } from './services/usage/LegRecorder';
import { readPricingConfig } from './services/usage/pricingConfig';
import { startUsageRollups } from './services/usage/startUsageRollups';
import { UsageService } from './services/usage/UsageService';
import { loadTeamResource } from './domain/permissions/loadTeamResource';
import { clockServiceRef } from './lib/clock';
import { createMediaRouter } from './router/mediaRouter';
import type { BrowserPickupProvider } from './router/pickupRoutes';
import {
  createApiReadinessGate,
  createHealthRouter,
  createVoiceReadinessGate,
} from './router/readinessRouter';
import { createRouter } from './router/router';
import {
  createRefusingWebhookRouter,
  createWebhookRouter,
} from './router/webhookRouter';
import { AlertService } from './services/alerts/AlertService';
import { AlertSignals } from './services/alerts/AlertSignals';
import { CallService } from './services/calls/CallService';
import { VoicemailService } from './services/voicemail/VoicemailService';
import { startNotifications } from './services/notifications/startNotifications';
import { createSmsChannel } from './services/notifications/SmsChannel';
import { CatalogReader } from './services/CatalogReader';
import { startForwarding } from './services/forwarding/startForwarding';
import { NumberProvisioning } from './services/numbers/NumberProvisioning';
import { RosterService } from './services/RosterService';
import { RoutingCache } from './services/routing/RoutingCache';
import { IncidentService } from './services/incidents/IncidentService';
import { IncidentStore } from './database/IncidentStore';
import { LineStatsStore } from './database/LineStatsStore';
import { LineStore } from './database/LineStore';
import type { LineService } from './services/line/LineService';
import { LineAnnouncements } from './services/line/LineAnnouncements';
import { ResponderOffers } from './services/line/ResponderOffers';
import { StatusMessageStore } from './database/StatusMessageStore';
import { DegradedCalls } from './services/degraded/DegradedCalls';
import { DegradedAlertStore } from './database/DegradedAlertStore';
import { BrowserTokens } from './twilio/BrowserTokens';
import {
  createTwilioClient,
  TwilioGateway,
  type TwilioHttpClient,
} from './twilio/TwilioGateway';
import { twilioMessagesFromConfig } from './twilio/TwilioMessages';
import { TwilioNumbers } from './twilio/TwilioNumbers';
import { TwilioRecordings } from './twilio/TwilioRecordings';
import { createTwilioUrls } from './twilio/TwilioUrls';

/** How long shutdown waits for the Twilio work in flight (ms). */
const SHUTDOWN_BUDGET_MS = 5_000;

/**
 * Incoming call routing: team integrations, call alerts and their API.
 *
 * @public
 */
export const incomingCallPlugin = createBackendPlugin({
  pluginId: 'incoming-call',
  register(env) {
    let httpClient: TwilioHttpClient | undefined;
    env.registerExtensionPoint(incomingCallTwilioExtensionPoint, {
      setHttpClient(client) {
        httpClient = client;
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        discovery: coreServices.discovery,
        lifecycle: coreServices.lifecycle,
        rootLifecycle: coreServices.rootLifecycle,
        signals: signalsServiceRef,
        events: eventsServiceRef,
        notifications: notificationService,
        clock: clockServiceRef,
      },
      async init(deps) {
        const { config, logger, database, httpRouter, scheduler, clock } = deps;
        const db = await database.getClient();
        if (!database.migrations?.skip) {
          await applyMigrations(db);
        }

        const catalog = new CatalogReader({
          catalog: deps.catalog,
          auth: deps.auth,
          logger,
          clock,
        });
        await catalog.startRefreshing(
          scheduler,
          config.getOptionalNumber('incomingCall.catalogRefreshSeconds') ?? 60,
        );

        deps.permissionsRegistry.addResourceType({
          resourceRef: teamResourceRef,
          permissions: [
            incomingCallRoutingUpdatePermission,
            incomingCallNumberManagePermission,
            incomingCallUsageReadPermission,
          ],
          rules: [isTeamMember],
          getResources: async refs => {
            const snapshot = await catalog.snapshot();
            return refs.map(ref => loadTeamResource(snapshot, ref));
          },
        });
        deps.permissionsRegistry.addPermissions([
          incomingCallReadPermission,
          incomingCallOrganisationUsageReadPermission,
        ]);

        // Every store once, over the plugin's database.
        const integrations = new IntegrationStore(db, clock);
        const overrides = new OverrideStore(db, clock);
        const alerts = new AlertStore(db);
        const audio = new AudioStore(db, clock);
        const calls = new CallStore(db);
        const roster = new RosterService(catalog, overrides);
        const signals = new AlertSignals({ signals: deps.signals, logger });
        // Outage mode: incidents and the teams' status messages.
        const incidentStore = new IncidentStore(db);
        const statusMessages = new StatusMessageStore(db);
        // Usage and call analytics: the legs that are over, and their figures.
        const legRecorder = new LegRecorder({
          legs: new CallLegStore(db),
          clock,
          logger,
        });
        const usage = new UsageService({
          usage: new UsageStore(db),
          analytics: new AnalyticsStore(db),
          pricing: readPricingConfig(config),
          catalog,
        });
        await startUsageRollups({
          rollups: new UsageRollups(db),
          scheduler,
          logger,
          clock,
        });
        const notifications = await startNotifications({
          ...deps,
          store: new NotificationStore(db),
          alerts,
          integrations,
          catalog,
          roster,
          signals,
          clock,
          extraChannels: [
            createSmsChannel(twilioMessagesFromConfig(config, httpClient)),
          ],
          grouped: alertId => incidentStore.isGrouped(alertId),
        });
        const incidents = new IncidentService({
          store: incidentStore,
          clock,
          logger,
          signals,
          onOpened: (parentAlertId, opener, children) =>
            notifications.incidentOpened(parentAlertId, opener, children),
        });
        const alertService = new AlertService({
          alerts,
          catalog,
          signals,
          clock,
          notifications,
        });
        // Alert events to Slack, HTTP endpoints and the events service.
        const forwarder = await startForwarding({
          ...deps,
          outbox: new ForwardingOutbox(db),
          integrations,
          catalog,
          clock,
        });
        deps.permissionsRegistry.addResourceType({
          resourceRef: alertResourceRef,
          permissions: [
            incomingCallAlertReadPermission,
            incomingCallAlertUpdatePermission,
          ],
          rules: [isAlertParticipant],
          getResources: refs => alertService.resources(refs),
        });

        httpRouter.addAuthPolicy({
          path: '/webhooks',
          allow: 'unauthenticated',
        });
        // Twilio fetches uploaded audio without a token: the links are signed.
        httpRouter.addAuthPolicy({ path: '/media', allow: 'unauthenticated' });
        // Readiness for probes: 503 until the catalog has been read once.
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        httpRouter.use(createHealthRouter({ catalog }));
        const audioConfig = readAudioConfig(config);
        httpRouter.use(
          createMediaRouter({
            audio,
            signingKey: audioConfig.signingKey,
            clock,
          }),
        );
        const authToken = config.getOptionalString(
          'incomingCall.twilio.authToken',
        );
        // Voicemail recordings are fetched from Twilio for the player.
        const voicemail = new VoicemailService({
          calls,
          voicemails: new VoicemailStore(db),
          recordings: authToken
            ? new TwilioRecordings(
                createTwilioClient({
                  accountSid: config.getString(
                    'incomingCall.twilio.accountSid',
                  ),
                  authToken,
                  httpClient,
                }),
              )
            : undefined,
          logger,
          // A new recording or transcript: live views re-fetch the alert.
          notifications,
          onChange: async alertId => {
            const alert = await alerts.get(alertId);
            if (alert) signals.publish(alertId, alert.teamRef, 'event');
          },
        });
        // Set with Twilio's credentials: buying and pointing numbers.
        // Taking calls from the line: only with Twilio (without it, no calls).
        let lineService: LineService | undefined;
        let twilioNumbers: TwilioNumbers | undefined;
        if (authToken) {
          const urls = createTwilioUrls({
            webhookBaseUrl: async () =>
              config.getOptionalString('incomingCall.webhookBaseUrl') ??
              `${await deps.discovery.getExternalBaseUrl(
                'incoming-call',
              )}/webhooks`,
            mediaBaseUrl: audioConfig.mediaBaseUrl,
            // Derived from the auth token when no secret of its own is set.
            signingKey: audioConfig.signingKey!,
            clock,
          });
          const accountSid = config.getString('incomingCall.twilio.accountSid');
          twilioNumbers = new TwilioNumbers(
            createTwilioClient({ accountSid, authToken, httpClient }),
            urls,
          );
          const routing = new RoutingCache({
            routingVersion: new RoutingVersionStore(db),
            integrations,
            overrides,
            statusMessages,
            clock,
          });
          const lineStore = new LineStore(db);
          const callService = new CallService({
            calls,
            alerts,
            arrivals: new ArrivalStore(db),
            integrations,
            line: lineStore,
            withTransaction: createWithTransaction(db),
            routing,
            roster,
            catalog,
            gateway: new TwilioGateway(
              createTwilioClient({ accountSid, authToken, httpClient }),
              urls,
            ),
            limiter: new OutboundCallLimiter(
              db,
              accountSid,
              config.getOptionalNumber('incomingCall.twilio.callsPerSecond') ??
                1,
            ),
            urls,
            logger,
            clock,
            signals,
            notifications,
            incidents,
            legs: legRecorder,
            reconcileAfterSeconds: config.getOptionalNumber(
              'incomingCall.reconcileAfterSeconds',
            ),
          });
          lineService = callService.line;
          // SIGTERM: no more legs from here; the legs waiting for a slot
          // go to the database for another replica's sweep. This runs
          // before the plugins' shutdown, while Backstage still lets
          // requests through (from the plugins' shutdown on, every route
          // answers 503), so webhooks are answered as usual meanwhile.
          // Backstage gives these hooks no deadline of their own, and
          // Kubernetes kills after 30 s: Twilio requests in flight get a
          // few seconds.
          let deadline: number | undefined;
          const handOver = async () => {
            callService.stop();
            deadline ??= performance.now() + SHUTDOWN_BUDGET_MS;
            const budget = Math.max(0, deadline - performance.now());
            if (!(await callService.idle(budget))) {
              logger.warn(
                `Stopped with Twilio requests still in flight after ${SHUTDOWN_BUDGET_MS} ms; the sweep of another replica takes their calls on`,
              );
            }
          };
          deps.rootLifecycle.addBeforeShutdownHook(handOver);
          // Work a webhook started since (a leg handed over) is waited for.
          deps.lifecycle.addShutdownHook(handOver);
          // A database outage: calls are answered from memory, and their
          // alerts written once the database is back.
          const degraded = new DegradedCalls({
            routing,
            roster,
            store: new DegradedAlertStore(db),
            integrations,
            urls,
            logger,
            clock,
            attemptTimeoutMs:
              (config.getOptionalNumber(
                'incomingCall.degradedMode.databaseTimeoutSeconds',
              ) ?? 2) * 1000,
            endSession: callSid => callService.answeredDegraded(callSid),
          });
          if (
            config.getOptionalBoolean('incomingCall.degradedMode.enabled') ??
            true
          ) {
            degraded.start(
              (config.getOptionalNumber(
                'incomingCall.degradedMode.retrySeconds',
              ) ?? 5) * 1000,
            );
            deps.lifecycle.addShutdownHook(() => degraded.stop());
          }
          // A call before the first catalog read waits for it, bounded.
          httpRouter.use(
            createVoiceReadinessGate({
              catalog,
              waitMs:
                (config.getOptionalNumber('incomingCall.catalogWaitSeconds') ??
                  5) * 1000,
              authToken,
              urls,
              logger,
            }),
          );
          httpRouter.use(
            createWebhookRouter({
              authToken,
              voicemail,
              accountSid,
              urls,
              calls: callService,
              logger,
              clock,
              announcements: new LineAnnouncements({
                calls,
                line: lineStore,
                stats: new LineStatsStore(db),
                integrations,
                chooseVoicemail: callSid =>
                  callService.chooseVoicemail(callSid),
                urls,
                clock,
              }),
              offers: new ResponderOffers({
                calls,
                line: callService.line,
                urls,
                logger,
              }),
              degraded:
                config.getOptionalBoolean(
                  'incomingCall.degradedMode.enabled',
                ) ?? true
                  ? degraded
                  : undefined,
            }),
          );
          // Fires the calls' due timers, once across replicas.
          await scheduler.scheduleTask({
            id: 'incoming-call-sweep',
            scope: 'global',
            frequency: { seconds: 5 },
            timeout: { minutes: 1 },
            fn: () => callService.sweep(),
          });
        } else {
          logger.warn(
            'incomingCall.twilio is not configured: every Twilio webhook will be refused',
          );
          httpRouter.use(createRefusingWebhookRouter());
        }

        const numberMonthlyCents = readPricingConfig(config).numberMonthlyCents;
        const provisioning = new NumberProvisioning({
          integrations,
          numbers: new NumberStore(db, clock),
          twilio: twilioNumbers,
          caps: {
            maxPerTeam:
              config.getOptionalNumber('incomingCall.numbers.maxPerTeam') ?? 5,
            maxTotal:
              config.getOptionalNumber('incomingCall.numbers.maxTotal') ?? 50,
          },
          monthlyPrice: { amount: numberMonthlyCents / 100, currency: 'USD' },
          logger,
          clock,
        });

        // The API answers 503 until the catalog has been read once.
        httpRouter.use(createApiReadinessGate({ catalog }));
        httpRouter.use(
          createRouter({
            voicemail,
            browserPickup: browserPickupProvider(config),
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            catalog,
            integrations,
            alerts,
            line: new LineStore(db),
            lineService,
            overrides,
            calls,
            roster,
            audio,
            maxAudioUploadBytes: audioConfig.maxUploadBytes,
            provisioning,
            usage,
            forwarder,
            statusMessages,
            incidents,
            isAllowedForTeam: createConditionAuthorizer(
              deps.permissionsRegistry.getPermissionRuleset(teamResourceRef),
            ),
            alertService,
            toAlertQuery: createConditionTransformer(
              deps.permissionsRegistry.getPermissionRuleset(alertResourceRef),
            ),
            isAllowedForAlert: createConditionAuthorizer(
              deps.permissionsRegistry.getPermissionRuleset(alertResourceRef),
            ),
            clock,
          }),
        );
      },
    });
  },
});

/** How browsers take calls, from the configuration. */
function browserPickupProvider(config: Config): BrowserPickupProvider {
  const twilioConfig = config.getOptionalConfig('incomingCall.twilio');
  if (!twilioConfig) {
    return { kind: 'unavailable', why: 'Twilio is not configured' };
  }
  if (config.getOptionalBoolean('incomingCall.simulatedNetwork')) {
    return { kind: 'simulated-network' };
  }
  const browser = twilioConfig.getOptionalConfig('browser');
  if (!browser) {
    return {
      kind: 'unavailable',
      why: 'Browser pickup needs incomingCall.twilio.browser (apiKeySid, apiKeySecret, twimlAppSid)',
    };
  }
  return {
    kind: 'twilio',
    tokens: new BrowserTokens({
      accountSid: twilioConfig.getString('accountSid'),
      apiKeySid: browser.getString('apiKeySid'),
      apiKeySecret: browser.getString('apiKeySecret'),
      twimlAppSid: browser.getString('twimlAppSid'),
    }),
  };
}
