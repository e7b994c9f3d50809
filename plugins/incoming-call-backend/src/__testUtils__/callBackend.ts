import {
  type BackendFeature,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { SimulatedPhoneNetwork } from '@icr/phone-network-sim';
import type { Knex } from 'knex';
import type { AddressInfo } from 'node:net';
import type { RequestClient } from 'twilio';
import { incomingCallTwilioExtensionPoint } from '@icr/plugin-incoming-call-node';
import { incomingCallPlugin } from '../plugin';
import { exampleEntities } from './exampleEntities';
import { HOTLINE } from './platformIntegration';

/** Where Twilio reaches the backend in call tests. */
export const PUBLIC_ORIGIN = 'https://calls.example.com';
/** The public webhook root Twilio signs over in call tests. */
export const PUBLIC_URL = `${PUBLIC_ORIGIN}/api/incoming-call/webhooks`;
export const ACCOUNT_SID = 'AC123';
export const AUTH_TOKEN = 'test-auth-token';
/** The API key browser pickup tokens are signed with in call tests. */
export const BROWSER = {
  apiKeySid: 'SK123',
  apiKeySecret: 'test-api-key-secret',
  twimlAppSid: 'AP123',
};

/**
 * A test backend with the incoming-call plugin, the example organisation,
 * Twilio credentials, and the plugin's Twilio REST requests sent to
 * `httpClient` (a recording client or the simulated network).
 */
export function startCallBackend(
  knex: Knex,
  httpClient: unknown,
  /** More features, or services in place of the defaults (a scheduler). */
  extra: BackendFeature[] = [],
  /** More `incomingCall` configuration (degraded mode's timings). */
  config: Record<string, unknown> = {},
) {
  return startTestBackend({
    features: [
      ...extra,
      incomingCallPlugin,
      createBackendModule({
        pluginId: 'incoming-call',
        moduleId: 'test-twilio',
        register(env) {
          env.registerInit({
            deps: { twilio: incomingCallTwilioExtensionPoint },
            async init(deps) {
              deps.twilio.setHttpClient(httpClient as RequestClient);
            },
          });
        },
      }),
      catalogServiceMock.factory({ entities: exampleEntities }),
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          incomingCall: {
            webhookBaseUrl: PUBLIC_URL,
            twilio: {
              accountSid: ACCOUNT_SID,
              authToken: AUTH_TOKEN,
              // Legs are placed as fast as the tests go.
              callsPerSecond: 100,
              browser: BROWSER,
            },
            // A slow database under a loaded test run is not an outage:
            // the outage tests refuse connections, which counts at once.
            degradedMode: { databaseTimeoutSeconds: 30 },
            ...config,
          },
        },
      }),
    ],
  });
}

/**
 * A call backend on the simulated phone network. The network reaches the
 * test server at the public origin, as through a tunnel (signatures stay
 * over the public URL), and calls to the hotline go to the voice webhook.
 * `root` is the test server's own origin.
 */
export async function startNetworkCallBackend(
  knex: Knex,
  extra: BackendFeature[] = [],
  config: Record<string, unknown> = {},
) {
  let root = '';
  const network = new SimulatedPhoneNetwork({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    deliverTo: url => url.replace(PUBLIC_ORIGIN, root),
  });
  const backend = await startCallBackend(
    knex,
    network.httpClient,
    extra,
    config,
  );
  root = `http://127.0.0.1:${(backend.server.address() as AddressInfo).port}`;
  network.addNumber(HOTLINE, {
    voiceUrl: `${PUBLIC_URL}/voice`,
    statusCallback: `${PUBLIC_URL}/call-status`,
  });
  return { network, backend, root };
}
