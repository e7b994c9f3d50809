import {
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { incomingCallTwilioExtensionPoint } from '@icr/plugin-incoming-call-node';
import type { Knex } from 'knex';
import request from 'supertest';
import twilio, { type RequestClient } from 'twilio';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  PUBLIC_URL,
} from '../__testUtils__/callBackend';
import { createTestDatabases } from '../__testUtils__/databases';
import { eventually } from '../__testUtils__/eventually';
import { exampleEntities } from '../__testUtils__/exampleEntities';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../__testUtils__/platformIntegration';
import { RecordingTwilioClient } from '../__testUtils__/RecordingTwilioClient';
import { incomingCallPlugin } from '../plugin';
import { NOT_READY_MESSAGE } from './readinessRouter';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ana = mockCredentials.user.header('user:default/ana'); // Platform

/**
 * The example catalog, answering only once the test opens it: the state
 * of a fresh backend whose catalog has not answered yet.
 */
function gatedCatalog() {
  const catalog = catalogServiceMock({ entities: exampleEntities });
  const getEntities = catalog.getEntities.bind(catalog);
  let open!: () => void;
  const opened = new Promise<void>(resolve => {
    open = resolve;
  });
  let asked!: () => void;
  const wasAsked = new Promise<void>(resolve => {
    asked = resolve;
  });
  catalog.getEntities = (async (...args: Parameters<typeof getEntities>) => {
    asked();
    await opened;
    return getEntities(...args);
  }) as typeof catalog.getEntities;
  return {
    open,
    wasAsked,
    factory: createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () => catalog,
    }),
  };
}

const sign = (path: string, params: Record<string, string>) =>
  twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${path}`, params);

describe.each(databases.eachSupportedId())(
  'Before the catalog has been read once, on %s',
  id => {
    let knex: Knex;
    let rest: RecordingTwilioClient;

    beforeEach(async () => {
      knex = await databases.init(id);
      rest = new RecordingTwilioClient();
    });

    async function start(catalogWaitSeconds?: number) {
      const catalog = gatedCatalog();
      const { server } = await startTestBackend({
        features: [
          incomingCallPlugin,
          createBackendModule({
            pluginId: 'incoming-call',
            moduleId: 'test-twilio',
            register(env) {
              env.registerInit({
                deps: { twilio: incomingCallTwilioExtensionPoint },
                async init(deps) {
                  deps.twilio.setHttpClient(rest as unknown as RequestClient);
                },
              });
            },
          }),
          catalog.factory,
          // As Backstage's scheduler, startup does not wait for the tasks'
          // first runs (the mock's would wait for the catalog).
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              incomingCall: {
                webhookBaseUrl: PUBLIC_URL,
                catalogWaitSeconds,
                twilio: {
                  accountSid: ACCOUNT_SID,
                  authToken: AUTH_TOKEN,
                  callsPerSecond: 100,
                },
              },
            },
          }),
        ],
      });
      // The plugin's migrations have run: the integration can be stored.
      await savePlatformIntegration(knex, {
        recipients: ['schedule:default/platform-primary'],
      });
      return { server, catalog };
    }

    const voice = (
      server: Awaited<ReturnType<typeof start>>['server'],
      callSid: string,
    ) => {
      const params = { CallSid: callSid, From: '+4930555000', To: HOTLINE };
      return request(server)
        .post('/api/incoming-call/webhooks/voice')
        .type('form')
        .set('X-Twilio-Signature', sign('/voice', params))
        .send(params);
    };
    const dialPlan = (server: Awaited<ReturnType<typeof start>>['server']) =>
      request(server)
        .get('/api/incoming-call/teams/default/platform/dial-plan')
        .set('Authorization', ana);

    it('answers the API with 503 until the first read, 200 after; a call arriving before it is routed with the full view once it lands', async () => {
      const { server, catalog } = await start();
      await catalog.wasAsked;

      const early = await dialPlan(server);
      expect(early.status).toBe(503);
      expect(early.body.error.message).toBe(NOT_READY_MESSAGE);
      expect(early.body.error.message).toBe(
        'Incoming call routing is starting: the catalog has not been read yet',
      );
      const health = await request(server).get('/api/incoming-call/health');
      expect(health.status).toBe(503);
      expect(health.body).toEqual({
        status: 'starting',
        message: NOT_READY_MESSAGE,
      });

      // The call arrives while the catalog has not answered.
      let answered = false;
      const call = voice(server, `CA${'0'.repeat(31)}1`).then(response => {
        answered = true;
        return response;
      });
      // The request has reached the plugin (and waits): nothing is written.
      await eventually(async () =>
        expect(Number((await knex('alerts').count({ n: '*' }))[0].n)).toBe(0),
      );
      expect(answered).toBe(false);
      expect(rest.placedLegs()).toEqual([]);

      catalog.open();
      const answer = await call;
      expect(answer.status).toBe(200);
      expect(answer.text).toContain('<Enqueue ');
      // The schedule's responder on duty is rung: the view was whole.
      await eventually(() =>
        expect(rest.placedLegs()).toEqual([
          expect.stringMatching(/^\+1415555010[13]$/),
        ]),
      );

      expect((await dialPlan(server)).status).toBe(200);
      await request(server)
        .get('/api/incoming-call/health')
        .expect(200, { status: 'ok' });
    });

    it('waits a bounded time: still unread, the caller hears to call again and nothing is routed', async () => {
      const { server, catalog } = await start(0.05);

      const answer = await voice(server, `CA${'0'.repeat(31)}2`);
      expect(answer.status).toBe(200);
      expect(answer.type).toBe('text/xml');
      expect(answer.text).toContain('we are starting up');
      expect(answer.text).toContain('<Hangup/>');
      expect(rest.placedLegs()).toEqual([]);
      expect(Number((await knex('alerts').count({ n: '*' }))[0].n)).toBe(0);

      // Unsigned, it is refused as any webhook would be.
      const forged = await request(server)
        .post('/api/incoming-call/webhooks/voice')
        .type('form')
        .send({ CallSid: `CA${'0'.repeat(31)}3`, From: '+1', To: HOTLINE });
      expect(forged.status).toBe(403);

      catalog.open();
      await eventually(async () =>
        expect((await dialPlan(server)).status).toBe(200),
      );
    });
  },
);
