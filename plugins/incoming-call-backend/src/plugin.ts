import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  incomingCallReadPermission,
  incomingCallRoutingUpdatePermission,
} from '@icr/plugin-incoming-call-common';
import {
  incomingCallTwilioExtensionPoint,
  isTeamMember,
  teamResourceRef,
} from '@icr/plugin-incoming-call-node';
import twilio, { type RequestClient } from 'twilio';
import { readAudioConfig } from './config/audioConfig';
import { AudioStore } from './database/AudioStore';
import { createMediaRouter } from './router/mediaRouter';
import { createTwimlUrls } from './twilio/TwilioUrls';
import { CallHandler } from './services/calls/CallService';
import { RoutingCache } from './services/routing/RoutingCache';
import { BrowserTokens } from './twilio/BrowserTokens';
import { OutboundCallLimiter } from './database/OutboundCallLimiter';
import { TwilioGateway } from './twilio/TwilioGateway';
import {
  createRefusingWebhookRouter,
  createWebhookRouter,
} from './router/webhookRouter';
import { CatalogReader } from './services/CatalogReader';
import { loadTeamResource } from './domain/permissions/loadTeamResource';
import type { BrowserPickupProvider } from './router/pickupRoutes';
import { createRouter } from './router/router';
import { RosterService } from './services/RosterService';
import { AlertStore } from './database/AlertStore';
import { IntegrationStore } from './database/IntegrationStore';
import { applyMigrations } from './database/migrations';
import { OverrideStore } from './database/OverrideStore';

/**
 * Incoming call routing: team integrations, call alerts and their API.
 *
 * @public
 */
export const incomingCallPlugin = createBackendPlugin({
  pluginId: 'incoming-call',
  register(env) {
    let httpClient: RequestClient | undefined;
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
      },
      async init(deps) {
        const { config, logger, database, httpRouter, scheduler } = deps;
        const db = await database.getClient();
        if (!database.migrations?.skip) {
          await applyMigrations(db);
        }

        const catalog = new CatalogReader({
          catalog: deps.catalog,
          auth: deps.auth,
          logger,
        });
        await catalog.startRefreshing(
          scheduler,
          config.getOptionalNumber('incomingCall.catalogRefreshSeconds') ?? 60,
        );

        deps.permissionsRegistry.addResourceType({
          resourceRef: teamResourceRef,
          permissions: [incomingCallRoutingUpdatePermission],
          rules: [isTeamMember],
          getResources: async refs => {
            const snapshot = await catalog.snapshot();
            return refs.map(ref => loadTeamResource(snapshot, ref));
          },
        });
        deps.permissionsRegistry.addPermissions([incomingCallReadPermission]);

        const integrations = new IntegrationStore(db);
        const overrides = new OverrideStore(db);
        const roster = new RosterService(catalog, overrides);

        httpRouter.addAuthPolicy({
          path: '/webhooks',
          allow: 'unauthenticated',
        });
        // Twilio fetches uploaded audio without a token: the links are signed.
        httpRouter.addAuthPolicy({ path: '/media', allow: 'unauthenticated' });
        const audio = new AudioStore(db);
        const audioConfig = readAudioConfig(config);
        httpRouter.use(
          createMediaRouter({ audio, signingKey: audioConfig.signingKey }),
        );
        const authToken = config.getOptionalString(
          'incomingCall.twilio.authToken',
        );
        if (authToken) {
          const webhookBaseUrl = async () =>
            config.getOptionalString('incomingCall.webhookBaseUrl') ??
            `${await deps.discovery.getExternalBaseUrl(
              'incoming-call',
            )}/webhooks`;
          const accountSid = config.getString('incomingCall.twilio.accountSid');
          const client = twilio(accountSid, authToken, { httpClient });
          const calls = new CallHandler({
            db,
            integrations,
            routing: new RoutingCache({ db, integrations, overrides }),
            roster,
            catalog,
            gateway: new TwilioGateway(client, webhookBaseUrl),
            limiter: new OutboundCallLimiter(
              db,
              accountSid,
              config.getOptionalNumber('incomingCall.twilio.callsPerSecond') ??
                1,
            ),
            webhookBaseUrl,
            twimlUrls: createTwimlUrls({
              webhookBaseUrl,
              mediaBaseUrl: audioConfig.mediaBaseUrl,
              // Derived from the auth token when no secret of its own is set.
              signingKey: audioConfig.signingKey!,
            }),
            logger,
          });
          deps.lifecycle.addShutdownHook(async () => {
            calls.stop();
            await calls.idle();
          });
          httpRouter.use(
            createWebhookRouter({ authToken, webhookBaseUrl, calls, logger }),
          );
          // Fires the calls' due timers, once across replicas.
          await scheduler.scheduleTask({
            id: 'incoming-call-sweep',
            scope: 'global',
            frequency: { seconds: 5 },
            timeout: { minutes: 1 },
            fn: () => calls.sweep(),
          });
        } else {
          logger.warn(
            'incomingCall.twilio is not configured: every Twilio webhook will be refused',
          );
          httpRouter.use(createRefusingWebhookRouter());
        }

        httpRouter.use(
          await createRouter({
            db,
            browserPickup: browserPickupProvider(config),
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            catalog,
            integrations,
            alerts: new AlertStore(db),
            overrides,
            roster,
            audio,
            maxAudioUploadBytes: audioConfig.maxUploadBytes,
            isAllowedForTeam: createConditionAuthorizer(
              deps.permissionsRegistry.getPermissionRuleset(teamResourceRef),
            ),
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
