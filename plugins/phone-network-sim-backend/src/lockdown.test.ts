import {
  coreServices,
  createServiceFactory,
  type RootLoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  type Clock,
  ManualClock,
  SimulatedPhoneNetwork,
} from '@icr/phone-network-sim';
import { ANNOTATIONS, browserIdentity } from '@icr/plugin-incoming-call-common';
import { incomingCallTwilioExtensionPoint } from '@icr/plugin-incoming-call-node';
import request from 'supertest';
import { incomingCallModulePhoneNetworkSim } from './incomingCallModule';
import { phoneNetworkPlugin } from './plugin';
import {
  PHONE_BEHAVIOURS,
  simulatedPhoneNetworkServiceRef,
} from './service/simulatedPhoneNetworkService';

const HOTLINE = '+14155550100';
const CALLER = '+4930555000';
const BOB_PHONE = '+14155550102';
const RINGING = '+14155550109';

const ana = mockCredentials.user.header('user:default/ana');
const bob = mockCredentials.user.header('user:default/bob');
const carol = mockCredentials.user.header('user:default/carol');

const user = (name: string, phone?: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: {
    name,
    namespace: 'default',
    annotations: (phone ? { [ANNOTATIONS.phone]: phone } : {}) as Record<
      string,
      string
    >,
  },
  spec: {},
});

const catalog = catalogServiceMock.factory({
  entities: [user('ana'), user('bob', BOB_PHONE), user('carol')],
});

describe('the test-call API, locked down', () => {
  async function start(clock?: Clock) {
    const network = new SimulatedPhoneNetwork({
      accountSid: 'AC123',
      authToken: 'test-auth-token',
      defaultNumber: { voiceUrl: 'http://127.0.0.1:9/voice' },
      clock,
    });
    network.setPhone(RINGING, PHONE_BEHAVIOURS.ring);
    const { server } = await startTestBackend({
      features: [
        phoneNetworkPlugin,
        catalog,
        createServiceFactory({
          service: simulatedPhoneNetworkServiceRef,
          deps: {},
          factory: () => ({
            network,
            webhookBaseUrl: 'http://127.0.0.1:9/webhooks',
          }),
        }),
      ],
    });
    /** A responder leg, as the incoming-call backend places one for a caller. */
    const legFor = async (callerSid: string, to: string) => {
      const response = await network.httpClient.request({
        method: 'POST',
        uri: 'https://api.twilio.com/2010-04-01/Accounts/AC123/Calls.json',
        data: {
          From: HOTLINE,
          To: to,
          Url: 'http://127.0.0.1:9/webhooks/responder-answer',
          StatusCallback: `http://127.0.0.1:9/webhooks/leg-status?call=${callerSid}&leg=0`,
        },
      });
      return JSON.parse(String(response.body)).sid as string;
    };
    /** A text message, as the incoming-call backend sends one (from the hotline). */
    const sms = (to: string, body: string) =>
      network.httpClient.request({
        method: 'POST',
        uri: 'https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json',
        data: { From: HOTLINE, To: to, Body: body },
      });
    const api = (auth: string) => ({
      list: () =>
        request(server)
          .get('/api/phone-network/calls')
          .set('Authorization', auth),
      messages: (query: { to?: string } = {}) =>
        request(server)
          .get('/api/phone-network/messages')
          .query(query)
          .set('Authorization', auth),
      post: (path: string, body: object = {}) =>
        request(server)
          .post(`/api/phone-network${path}`)
          .set('Authorization', auth)
          .send(body),
      put: (path: string, body: object) =>
        request(server)
          .put(`/api/phone-network${path}`)
          .set('Authorization', auth)
          .send(body),
    });
    return { server, network, legFor, sms, api };
  }

  const sids = (body: Array<{ sid: string }>) => body.map(c => c.sid);

  it("lists a user's own calls only, and treats anyone else's as unknown", async () => {
    const { api, legFor } = await start();
    const placed = await api(ana)
      .post('/calls', { from: CALLER, to: HOTLINE })
      .expect(201);
    const mine = placed.body.sid;
    const leg = await legFor(mine, RINGING);

    expect(sids((await api(ana).list().expect(200)).body)).toEqual([mine, leg]);
    expect((await api(carol).list().expect(200)).body).toEqual([]);

    // Someone else's call is as unknown as a call that does not exist.
    for (const sid of [mine, leg]) {
      await api(carol).post(`/calls/${sid}/answer`).expect(404);
      await api(carol).post(`/calls/${sid}/press`, { digits: '1' }).expect(404);
      await api(carol).post(`/calls/${sid}/hangup`).expect(404);
    }
    // Nor can the phone on it be set, and the phones Ana set stay hers.
    await api(carol)
      .put(`/phones/${encodeURIComponent(RINGING)}`, { behaviour: 'busy' })
      .expect(403);
    await api(ana)
      .put(`/phones/${encodeURIComponent(RINGING)}`, { behaviour: 'ring' })
      .expect(204);
    expect(
      (
        await api(ana)
          .put(`/phones/${encodeURIComponent('+14155550120')}`, {
            behaviour: 'busy',
          })
          .expect(204)
      ).status,
    ).toBe(204);

    // Ana plays her own call's parties.
    await api(ana).post(`/calls/${leg}/answer`).expect(204);
    await api(ana).post(`/calls/${mine}/hangup`).expect(204);
  });

  it('lets a responder act on the calls their phone or browser is in', async () => {
    const { api, legFor } = await start();
    const placed = await api(ana)
      .post('/calls', { from: CALLER, to: HOTLINE })
      .expect(201);
    const caller = placed.body.sid;
    // Bob's phone (from the catalog) is rung for Ana's caller.
    const bobsLeg = await legFor(caller, BOB_PHONE);
    const othersLeg = await legFor(caller, RINGING);

    expect(sids((await api(bob).list().expect(200)).body)).toEqual([
      caller,
      bobsLeg,
      othersLeg,
    ]);
    await api(bob).post(`/calls/${bobsLeg}/hangup`).expect(204);
    expect((await api(carol).list().expect(200)).body).toEqual([]);

    // Carol's browser calls in: her own call, which Bob does not see.
    const browser = await api(carol)
      .post('/clients/calls', { params: { alert: 'alert-1' } })
      .expect(201);
    expect(browser.body.from).toBe(
      `client:${browserIdentity('user:default/carol')}`,
    );
    expect(sids((await api(carol).list().expect(200)).body)).toEqual([
      browser.body.sid,
    ]);
    expect(sids((await api(bob).list().expect(200)).body)).not.toContain(
      browser.body.sid,
    );
  });

  it("shows the SMS a user's own phone received, and those of their test call's phones since they placed it", async () => {
    const clock = new ManualClock();
    const { api, legFor, sms, network } = await start(clock);
    network.addNumber(HOTLINE, { voiceUrl: 'http://127.0.0.1:9/voice' });
    await sms(RINGING, 'Before the call');
    await clock.advance(1000);
    const placed = await api(ana)
      .post('/calls', { from: CALLER, to: HOTLINE })
      .expect(201);
    await legFor(placed.body.sid, RINGING);
    await sms(RINGING, 'For the call');
    await sms(BOB_PHONE, 'For Bob');
    await sms('+14155550108', "Nobody's");
    await network.settled().catch(() => undefined); // the quiet backend refuses the webhooks

    const bodies = (res: { body: Array<{ body: string }> }) =>
      res.body.map(m => m.body);
    const anas = await api(ana).messages().expect(200);
    expect(bodies(anas)).toEqual(['For the call']);
    expect(anas.body[0]).toEqual({
      sid: expect.stringMatching(/^SM/),
      from: HOTLINE,
      to: RINGING,
      body: 'For the call',
      status: 'delivered',
      dateCreated: new Date(clock.now()).toISOString(),
    });
    expect(bodies(await api(ana).messages({ to: BOB_PHONE }))).toEqual([]);
    // Bob's own phone (from the catalog), whoever's call it was for.
    expect(bodies(await api(bob).messages())).toEqual(['For Bob']);
    expect(bodies(await api(carol).messages())).toEqual([]);
  });

  it('answers only signed-in users', async () => {
    const { server } = await start();
    const service = await request(server)
      .get('/api/phone-network/calls')
      .set('Authorization', mockCredentials.service.header());
    expect(service.status).toBe(403);
    const anonymous = await request(server)
      .get('/api/phone-network/calls')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });
});

describe('the simulated network at start', () => {
  const NODE_ENV = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = NODE_ENV;
  });

  /** A root logger that keeps the warnings. */
  function recordingLogger() {
    const warnings: string[] = [];
    const logger: RootLoggerService = {
      warn: (message: string) => {
        warnings.push(message);
      },
      info: () => {},
      error: () => {},
      debug: () => {},
      child: () => logger,
    };
    return {
      warnings,
      factory: createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => logger,
      }),
    };
  }

  const backend = (
    incomingCall: Record<string, unknown>,
    logger = recordingLogger(),
    setHttpClient = jest.fn(),
  ) =>
    startTestBackend({
      extensionPoints: [[incomingCallTwilioExtensionPoint, { setHttpClient }]],
      features: [
        phoneNetworkPlugin,
        incomingCallModulePhoneNetworkSim,
        catalog,
        logger.factory,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            incomingCall: {
              twilio: { accountSid: 'AC123', authToken: 'test-auth-token' },
              ...incomingCall,
            },
          },
        }),
      ],
    });

  it("owns the backend's SMS sender (incomingCall.twilio.smsFrom), so SMS go out from it", async () => {
    const setHttpClient = jest.fn();
    await backend(
      {
        simulatedNetwork: true,
        twilio: {
          accountSid: 'AC123',
          authToken: 'test-auth-token',
          smsFrom: '+14155550190',
        },
      },
      recordingLogger(),
      setHttpClient,
    );
    const [httpClient] = setHttpClient.mock.calls[0];
    const sendFrom = async (From: string) => {
      const response = await httpClient.request({
        method: 'POST',
        uri: 'https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json',
        data: { From, To: '+14155550101', Body: 'Hi' },
      });
      return [response.statusCode, JSON.parse(response.body).code];
    };
    expect(await sendFrom('+14155550190')).toEqual([201, undefined]);
    expect(await sendFrom('+14155550191')).toEqual([400, 21606]);
  });

  it('says so when it is on, and nothing when it is off', async () => {
    const on = recordingLogger();
    await backend({ simulatedNetwork: true }, on);
    expect(on.warnings).toContainEqual(
      expect.stringMatching(
        /^The simulated phone network is ON: calls go nowhere real/,
      ),
    );
    const off = recordingLogger();
    await backend({ simulatedNetwork: false }, off);
    expect(off.warnings.join('\n')).not.toContain('simulated phone network');
  });

  it('refuses to start where NODE_ENV is production, and says how to allow it', async () => {
    process.env.NODE_ENV = 'production';
    await expect(backend({ simulatedNetwork: true })).rejects.toThrow(
      /NODE_ENV is production.*set incomingCall\.simulatedNetworkAllowInProduction: true/,
    );
    // Off, there is nothing to refuse.
    await backend({ simulatedNetwork: false });
  });

  it('starts in production when explicitly allowed, still saying so', async () => {
    process.env.NODE_ENV = 'production';
    const logger = recordingLogger();
    const { server } = await backend(
      { simulatedNetwork: true, simulatedNetworkAllowInProduction: true },
      logger,
    );
    await request(server)
      .get('/api/phone-network/calls')
      .set('Authorization', ana)
      .expect(200, []);
    expect(logger.warnings).toContainEqual(
      expect.stringMatching(/^The simulated phone network is ON/),
    );
  });
});
