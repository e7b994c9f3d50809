import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { SimulatedPhoneNetwork } from '@icr/phone-network-sim';
import { browserIdentity } from '@icr/plugin-incoming-call-common';
import { incomingCallTwilioExtensionPoint } from '@icr/plugin-incoming-call-node';
import request from 'supertest';
import { incomingCallModulePhoneNetworkSim } from './incomingCallModule';
import { phoneNetworkPlugin } from './plugin';
import { simulatedPhoneNetworkServiceRef } from './service/simulatedPhoneNetworkService';

const HOTLINE = '+14155550100';
const CALLER = '+4930555000';

const config = (simulatedNetwork: boolean) =>
  mockServices.rootConfig.factory({
    data: {
      backend: { baseUrl: 'http://localhost:7007' },
      incomingCall: {
        simulatedNetwork,
        twilio: { accountSid: 'AC123', authToken: 'test-auth-token' },
      },
    },
  });

/** A network whose calls go nowhere: the webhooks it posts are not followed. */
function quietNetwork() {
  const network = new SimulatedPhoneNetwork({
    accountSid: 'AC123',
    authToken: 'test-auth-token',
    defaultNumber: { voiceUrl: 'http://127.0.0.1:9/voice' },
  });
  return {
    network,
    factory: createServiceFactory({
      service: simulatedPhoneNetworkServiceRef,
      deps: {},
      factory: () => ({
        network,
        webhookBaseUrl: 'http://127.0.0.1:9/webhooks',
      }),
    }),
  };
}

describe('phoneNetworkPlugin', () => {
  it('serves no test-call API when the network is not the phone provider', async () => {
    const setHttpClient = jest.fn();
    const { server } = await startTestBackend({
      extensionPoints: [[incomingCallTwilioExtensionPoint, { setHttpClient }]],
      features: [
        phoneNetworkPlugin,
        incomingCallModulePhoneNetworkSim,
        config(false),
      ],
    });

    await request(server).get('/api/phone-network/calls').expect(404);
    await request(server)
      .post('/api/phone-network/calls')
      .send({ from: CALLER, to: HOTLINE })
      .expect(404);
    expect(setHttpClient).not.toHaveBeenCalled();
  });

  it('serves no test-call API in a backend without the plugin', async () => {
    const { server } = await startTestBackend({
      features: [incomingCallModulePhoneNetworkSim, config(true)],
      extensionPoints: [
        [incomingCallTwilioExtensionPoint, { setHttpClient: jest.fn() }],
      ],
    });

    await request(server).get('/api/phone-network/calls').expect(404);
  });

  it('routes the Twilio REST requests into the network the API serves', async () => {
    const setHttpClient = jest.fn();
    const { server } = await startTestBackend({
      extensionPoints: [[incomingCallTwilioExtensionPoint, { setHttpClient }]],
      features: [
        phoneNetworkPlugin,
        incomingCallModulePhoneNetworkSim,
        config(true),
      ],
    });

    await request(server).get('/api/phone-network/calls').expect(200, []);
    expect(setHttpClient).toHaveBeenCalledTimes(1);
    const [httpClient] = setHttpClient.mock.calls[0];
    expect(typeof httpClient.request).toBe('function');
  });

  describe('the test-call API', () => {
    async function start() {
      const quiet = quietNetwork();
      const { server } = await startTestBackend({
        features: [
          phoneNetworkPlugin,
          quiet.factory,
          catalogServiceMock.factory({ entities: [] }),
        ],
      });
      return { ...quiet, server };
    }

    it('places a call and lists it as the parties see it', async () => {
      const { server } = await start();

      const placed = await request(server)
        .post('/api/phone-network/calls')
        .send({ from: CALLER, to: HOTLINE })
        .expect(201);

      expect(placed.body).toEqual({
        sid: expect.any(String),
        from: CALLER,
        to: HOTLINE,
        direction: 'inbound',
        status: 'in-progress',
        heard: [],
        createdAt: expect.any(Number),
        answeredAt: expect.any(Number),
        bridges: [],
      });
      const listed = await request(server)
        .get('/api/phone-network/calls')
        .expect(200);
      expect(listed.body.map((c: { sid: string }) => c.sid)).toEqual([
        placed.body.sid,
      ]);
    });

    it("lists a caller's own parties: the responder legs placed for it, not another caller's", async () => {
      const { server, network } = await start();
      const place = () =>
        request(server)
          .post('/api/phone-network/calls')
          .send({ from: CALLER, to: HOTLINE })
          .expect(201);
      const mine = (await place()).body.sid;
      const theirs = (await place()).body.sid;
      // As the incoming-call backend places a responder leg for a caller.
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
      const myLeg = await legFor(mine, '+14155550101');
      await legFor(theirs, '+14155550102');

      const listed = await request(server)
        .get('/api/phone-network/calls')
        .query({ caller: mine })
        .expect(200);
      expect(listed.body.map((c: { sid: string }) => c.sid)).toEqual([
        mine,
        myLeg,
      ]);
      const everything = await request(server)
        .get('/api/phone-network/calls')
        .expect(200);
      expect(everything.body).toHaveLength(4);
    });

    it('refuses a call without numbers, keys that are no keys and unknown calls', async () => {
      const { server } = await start();

      await request(server)
        .post('/api/phone-network/calls')
        .send({})
        .expect(400);
      const { body } = await request(server)
        .post('/api/phone-network/calls')
        .send({ from: CALLER, to: HOTLINE })
        .expect(201);
      await request(server)
        .post(`/api/phone-network/calls/${body.sid}/press`)
        .send({ digits: 'a' })
        .expect(400);
      await request(server)
        .post('/api/phone-network/calls/CA-none/hangup')
        .expect(404);
      // An answered call cannot be picked up by hand.
      await request(server)
        .post(`/api/phone-network/calls/${body.sid}/answer`)
        .expect(409);
    });

    it('sets phones by the names it takes', async () => {
      const { server } = await start();

      await request(server)
        .put('/api/phone-network/phones/%2B14155550101')
        .send({ behaviour: 'ring' })
        .expect(204);
      await request(server)
        .put('/api/phone-network/phones/%2B14155550102')
        .send({ behaviour: 'sing' })
        .expect(400);

      await request(server)
        .get('/api/phone-network/phones')
        .expect(200, { '+14155550101': 'ring' });
    });

    it('sets how a phone answers: after a while, keys at later prompts, for how long it talks', async () => {
      const { server, network } = await start();
      const setPhone = jest.spyOn(network, 'setPhone');
      const put = (body: object) =>
        request(server)
          .put('/api/phone-network/phones/%2B14155550101')
          .send(body);

      await put({
        behaviour: 'confirm',
        afterSeconds: 5,
        talkSeconds: 20,
        then: ['1'],
      }).expect(204);
      expect(setPhone).toHaveBeenLastCalledWith('+14155550101', {
        kind: 'answer',
        press: '1',
        afterSeconds: 5,
        talkSeconds: 20,
        then: ['1'],
      });
      await put({ behaviour: 'voicemail-box', afterSeconds: 8 }).expect(204);
      expect(setPhone).toHaveBeenLastCalledWith('+14155550101', {
        kind: 'voicemail-box',
        afterSeconds: 8,
      });

      for (const refused of [
        { behaviour: 'confirm', afterSeconds: -1 },
        { behaviour: 'confirm', talkSeconds: 'long' },
        { behaviour: 'confirm', then: ['one'] },
        { behaviour: 'voicemail-box', talkSeconds: 20 },
        { behaviour: 'busy', afterSeconds: 5 },
      ]) {
        await put(refused).expect(400);
      }
      expect(setPhone).toHaveBeenCalledTimes(2);
      await request(server)
        .get('/api/phone-network/phones')
        .expect(200, { '+14155550101': 'voicemail-box' });
    });

    it("calls in as the signed-in user's browser, with the identity the backend grants", async () => {
      const { server, network } = await start();
      const john = 'user:default/john.doe-smith';

      const { body } = await request(server)
        .post('/api/phone-network/clients/calls')
        .set('Authorization', mockCredentials.user.header(john))
        .send({ params: { alert: 'alert-1' } })
        .expect(201);

      // The name's "." and "-" are no reason to refuse the browser.
      expect(body.from).toBe(`client:${browserIdentity(john)}`);
      expect(body.from).toBe('client:user_default_john_doe_smith');
      expect(network.get(body.sid).direction).toBe('inbound');
    });
  });
});
