/*
 * The embedded setup's phone provider: the simulated phone network, plugged
 * into the incoming-call plugin through the Twilio SDK's `httpClient`, with
 * a small authenticated API to place test calls, play their parties and
 * pick calls up in the browser (`scripts/call.mjs` and the test-call panel
 * use it).
 */
import {
  coreServices,
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { incomingCallTwilioExtensionPoint } from '@icr/plugin-incoming-call-node';
import { browserIdentity } from '@icr/plugin-incoming-call-common';
import {
  type PhoneBehaviour,
  type SimulatedCall,
  SimulatedPhoneNetwork,
} from '@icr/phone-network-sim';
import express from 'express';
import Router from 'express-promise-router';
import type { RequestClient } from 'twilio';

let network: SimulatedPhoneNetwork | undefined;

const simulated = (config: Config) =>
  config.getOptionalBoolean('incomingCall.simulatedNetwork') === true;

/** Where the network sends webhooks: the plugin's public webhook root. */
function webhookBaseUrl(config: Config) {
  return (
    config.getOptionalString('incomingCall.webhookBaseUrl') ??
    `${config.getString('backend.baseUrl')}/api/incoming-call/webhooks`
  );
}

/** The phone behaviours the API takes, by name. */
const BEHAVIOURS = {
  confirm: { kind: 'answer', press: '1' },
  ring: { kind: 'ring' },
  busy: { kind: 'busy' },
  'voicemail-box': { kind: 'voicemail-box' },
  'no-answer': { kind: 'no-answer' },
} satisfies Record<string, PhoneBehaviour>;

type BehaviourName = keyof typeof BEHAVIOURS;

const isBehaviour = (name: unknown): name is BehaviourName =>
  Object.keys(BEHAVIOURS).includes(name as string);

/** One network per backend process, made from the incoming-call config. */
function networkFrom(config: Config) {
  if (!network) {
    const base = webhookBaseUrl(config);
    network = new SimulatedPhoneNetwork({
      accountSid: config.getString('incomingCall.twilio.accountSid'),
      authToken: config.getString('incomingCall.twilio.authToken'),
      // Every number of the network rings this backend.
      defaultNumber: {
        voiceUrl: `${base}/voice`,
        statusCallback: `${base}/call-status`,
      },
      // Responders pick up and confirm, unless told otherwise.
      defaultPhone: BEHAVIOURS.confirm,
    });
  }
  return network;
}

/** Routes the incoming-call plugin's Twilio REST requests into the network. */
export const incomingCallSimulatedNetworkModule = createBackendModule({
  pluginId: 'incoming-call',
  moduleId: 'simulated-phone-network',
  register(env) {
    env.registerInit({
      deps: {
        twilio: incomingCallTwilioExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ twilio, config }) {
        if (!simulated(config)) return;
        twilio.setHttpClient(
          networkFrom(config).httpClient as unknown as RequestClient,
        );
      },
    });
  },
});

/** What the API shows of a call: the party's view, nothing internal. */
function view(call: SimulatedCall): SimulatedCall {
  const { sid, from, to, direction, status, heard, queue, bridgedWith } = call;
  return { sid, from, to, direction, status, heard, queue, bridgedWith };
}

/**
 * Test calls on the network: place one, watch it, play its parties (keys,
 * answer, hang up), script phones, and connect the signed-in user's browser.
 */
export const phoneNetworkPlugin = createBackendPlugin({
  pluginId: 'phone-network',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
      },
      async init({ config, httpRouter, httpAuth, userInfo }) {
        if (!simulated(config)) return;
        const sim = networkFrom(config);
        // Phones set through this API, by the names it takes.
        const phones = new Map<string, BehaviourName>();
        const callOf = (sid: string) => {
          const call = sim.calls().find(c => c.sid === sid);
          if (!call) throw new NotFoundError(`No call ${sid}`);
          return call;
        };

        const router = Router();
        router.use(express.json());
        router.post('/calls', async (req, res) => {
          const { from, to, keys, voicemailSeconds, hangUpAfterSeconds } =
            req.body ?? {};
          if (typeof from !== 'string' || typeof to !== 'string') {
            throw new InputError('from and to are required phone numbers');
          }
          const call = sim.call(from, to, {
            keys,
            voicemailSeconds,
            hangUpAfterSeconds,
          });
          res.status(201).json(view(call));
        });
        router.get('/calls', async (_req, res) => {
          res.json(sim.calls().map(view));
        });
        router.post('/calls/:sid/hangup', async (req, res) => {
          sim.hangUp(callOf(req.params.sid).sid);
          res.status(204).end();
        });
        router.post('/calls/:sid/press', async (req, res) => {
          const digits = req.body?.digits;
          if (typeof digits !== 'string' || !/^[0-9*#]+$/.test(digits)) {
            throw new InputError('digits are keys of a phone: 0-9, * and #');
          }
          // False when the party was at no prompt: the keys went nowhere.
          const gathered = sim.press(callOf(req.params.sid).sid, digits);
          res.json({ gathered });
        });
        router.post('/calls/:sid/answer', async (req, res) => {
          if (!sim.answer(callOf(req.params.sid).sid)) {
            throw new ConflictError(`${req.params.sid} is not ringing`);
          }
          res.status(204).end();
        });
        router.get('/phones', async (_req, res) => {
          res.json(Object.fromEntries(phones));
        });
        router.put('/phones/:number', async (req, res) => {
          const name = req.body?.behaviour;
          if (!isBehaviour(name)) {
            throw new InputError(
              `behaviour is one of ${Object.keys(BEHAVIOURS).join(', ')}`,
            );
          }
          sim.setPhone(req.params.number, BEHAVIOURS[name]);
          phones.set(req.params.number, name);
          res.status(204).end();
        });
        // Browser pickup: the signed-in user's browser calls in, as the
        // Twilio Voice SDK's Device.connect(params) would.
        router.post('/clients/calls', async (req, res) => {
          const params = req.body?.params ?? {};
          if (
            typeof params !== 'object' ||
            Object.values(params).some(v => typeof v !== 'string')
          ) {
            throw new InputError('params are names with string values');
          }
          const credentials = await httpAuth.credentials(req, {
            allow: ['user'],
          });
          const { userEntityRef } = await userInfo.getUserInfo(credentials);
          const call = sim.connectClient(
            browserIdentity(userEntityRef),
            `${webhookBaseUrl(config)}/browser-connect`,
            params,
          );
          res.status(201).json(view(call));
        });
        httpRouter.use(router);
      },
    });
  },
});
