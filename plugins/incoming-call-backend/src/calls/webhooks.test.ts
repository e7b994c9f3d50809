import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { defaultIntegrationConfig } from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import request from 'supertest';
import twilio from 'twilio';
import { createTestDatabases } from '../__testUtils__/databases';
import { exampleEntities } from '../__testUtils__/exampleEntities';
import { incomingCallPlugin } from '../plugin';
import { IntegrationStore } from '../store/IntegrationStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const AUTH_TOKEN = 'test-auth-token';
const PUBLIC_URL = 'https://calls.example.com/api/incoming-call/webhooks';

/** Signs like Twilio does: over the public URL and the form parameters. */
const sign = (path: string, params: Record<string, string>) =>
  twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${path}`, params);

describe.each(databases.eachSupportedId())('Twilio webhooks on %s', id => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let knex: Knex;

  beforeEach(async () => {
    knex = await databases.init(id);
    ({ server } = await startTestBackend({
      features: [
        incomingCallPlugin,
        catalogServiceMock.factory({ entities: exampleEntities }),
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            incomingCall: {
              webhookBaseUrl: PUBLIC_URL,
              twilio: { authToken: AUTH_TOKEN },
            },
          },
        }),
      ],
    }));
    await new IntegrationStore(knex).save({
      teamRef: 'group:default/platform',
      config: {
        ...defaultIntegrationConfig({
          ref: 'group:default/platform',
          title: 'Platform',
        }),
        numbers: [
          { number: '+14155550100', country: 'US', source: 'attached' },
        ],
        blocklist: ['+1900*'],
      },
      updatedBy: 'user:default/ana',
    });
  });

  const voice = (
    params: Record<string, string>,
    signature = sign('/voice', params),
  ) =>
    request(server)
      .post('/api/incoming-call/webhooks/voice')
      .type('form')
      .set('X-Twilio-Signature', signature)
      .send(params);

  const call = { CallSid: 'CA0001', From: '+4930555000', To: '+14155550100' };

  it('accepts a signed call: an alert with its first event, then greet and queue', async () => {
    const res = await voice(call);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/xml');
    expect(res.text).toContain('<Enqueue>call-CA0001</Enqueue>');

    const alerts = await request(server)
      .get('/api/incoming-call/teams/default/platform/alerts')
      .set('Authorization', mockCredentials.user.header('user:default/ana'));
    expect(alerts.body.items).toEqual([
      expect.objectContaining({
        callerNumber: '+4930555000',
        dialledNumber: '+14155550100',
        status: 'open',
      }),
    ]);
    const alert = await request(server)
      .get(`/api/incoming-call/alerts/${alerts.body.items[0].id}`)
      .set('Authorization', mockCredentials.user.header('user:default/ana'));
    expect(alert.body.events).toEqual([
      expect.objectContaining({
        type: 'call-received',
        message: 'Call from +4930555000 to +14155550100 (Platform hotline)',
      }),
    ]);
  });

  it('keeps one alert when Twilio sends the same webhook twice', async () => {
    await voice(call);
    const again = await voice(call);
    expect(again.status).toBe(200);
    expect(again.text).toContain('<Enqueue>call-CA0001</Enqueue>');
    expect(Number((await knex('alerts').count({ n: '*' }))[0].n)).toBe(1);
  });

  it('rejects a blocked caller without an alert, and counts the rejection', async () => {
    const res = await voice({ ...call, From: '+19005550100' });
    expect(res.text).toContain('<Reject reason="rejected"/>');
    expect(Number((await knex('alerts').count({ n: '*' }))[0].n)).toBe(0);
    expect(await knex('call_rejections').pluck('caller_number')).toEqual([
      '+19005550100',
    ]);
  });

  it('refuses requests without a valid signature and changes nothing', async () => {
    const unsigned = await request(server)
      .post('/api/incoming-call/webhooks/voice')
      .type('form')
      .send(call);
    expect(unsigned.status).toBe(403);

    const tampered = await voice(
      { ...call, From: '+19005550100' },
      sign('/voice', call),
    );
    expect(tampered.status).toBe(403);

    // Signed for the Host header instead of the configured public URL.
    const wrongUrl = twilio.getExpectedTwilioSignature(
      AUTH_TOKEN,
      'http://127.0.0.1/api/incoming-call/webhooks/voice',
      call,
    );
    expect((await voice(call, wrongUrl)).status).toBe(403);

    expect(Number((await knex('alerts').count({ n: '*' }))[0].n)).toBe(0);
    expect(Number((await knex('call_rejections').count({ n: '*' }))[0].n)).toBe(
      0,
    );
  });

  it('tells the caller a number nobody owns is not in service', async () => {
    const params = { ...call, To: '+14155550999' };
    const res = await voice(params);
    expect(res.text).toContain(
      'This number is not in service. Goodbye.</Say><Hangup/>',
    );
  });

  const post = (path: string, params: Record<string, string>) =>
    request(server)
      .post(`/api/incoming-call/webhooks${path}`)
      .type('form')
      .set('X-Twilio-Signature', sign(path, params))
      .send(params);

  const timeline = async () => {
    const [alert] = await knex('alerts').select('id', 'status');
    const events = await knex('alert_events')
      .where({ alert_id: alert.id })
      .orderBy('seq')
      .select('type', 'message');
    return {
      status: alert.status,
      events: events.map(e => `${e.type}: ${e.message}`),
    };
  };

  it('closes the alert once when a queued caller hangs up, however often Twilio says so', async () => {
    await voice(call);
    const ended = {
      CallSid: 'CA0001',
      CallStatus: 'completed',
      CallDuration: '42',
    };
    expect((await post('/call-status', ended)).status).toBe(204);
    expect((await post('/call-status', ended)).status).toBe(204);
    expect(await timeline()).toEqual({
      status: 'closed',
      events: [
        'call-received: Call from +4930555000 to +14155550100 (Platform hotline)',
        'caller-hung-up: The caller hung up after 42 s, before anyone answered',
      ],
    });
  });

  it('takes a voicemail when users to try is 0, and notes the recording once', async () => {
    const integrations = new IntegrationStore(knex);
    const current = (await integrations.getByTeam('group:default/platform'))!;
    await integrations.save({
      teamRef: current.teamRef,
      config: { ...current.config, usersToTry: 0 },
      updatedBy: 'user:default/ana',
    });

    const answer = await voice(call);
    expect(answer.text).toContain('<Record action="voicemail-done"');

    const recording = {
      CallSid: 'CA0001',
      RecordingSid: 'RE0001',
      RecordingUrl: 'https://api.twilio.com/Recordings/RE0001',
      RecordingStatus: 'completed',
      RecordingDuration: '17',
    };
    // Twilio may report the end of the call before the recording.
    await post('/call-status', {
      CallSid: 'CA0001',
      CallStatus: 'completed',
      CallDuration: '30',
    });
    expect((await post('/recording', recording)).status).toBe(204);
    expect((await post('/recording', recording)).status).toBe(204);

    const goodbye = await post('/voicemail-done', { CallSid: 'CA0001' });
    expect(goodbye.text).toContain('>Thank you. Goodbye.</Say><Hangup/>');

    expect(await timeline()).toEqual({
      status: 'closed',
      events: [
        'call-received: Call from +4930555000 to +14155550100 (Platform hotline)',
        'note: Users to try is 0: the caller was asked to leave a voicemail',
        'call-ended: The call ended after 30 s',
        'voicemail: Voicemail left (17 s): https://api.twilio.com/Recordings/RE0001',
      ],
    });
  });

  it('refuses unsigned status and recording callbacks', async () => {
    await voice(call);
    const unsigned = await request(server)
      .post('/api/incoming-call/webhooks/call-status')
      .type('form')
      .send({ CallSid: 'CA0001', CallStatus: 'completed' });
    expect(unsigned.status).toBe(403);
    expect((await timeline()).status).toBe('open');
  });
});
