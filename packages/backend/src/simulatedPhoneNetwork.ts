/*
 * The embedded setup's phone provider: the simulated phone network, plugged
 * into the incoming-call plugin through the Twilio SDK's `httpClient`, with
 * a small authenticated API to place test calls and watch them
 * (`scripts/call.mjs` uses it).
 */
import {
  coreServices,
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { incomingCallTwilioExtensionPoint } from '@icr/plugin-incoming-call-backend';
import {
  type PhoneBehaviour,
  SimulatedPhoneNetwork,
} from '@icr/phone-network-sim';
import express from 'express';
import Router from 'express-promise-router';
import type { RequestClient } from 'twilio';

let network: SimulatedPhoneNetwork | undefined;

/** One network per backend process, made from the incoming-call config. */
function networkFrom(config: import('@backstage/config').Config) {
  if (!network) {
    const base =
      config.getOptionalString('incomingCall.webhookBaseUrl') ??
      `${config.getString('backend.baseUrl')}/api/incoming-call/webhooks`;
    network = new SimulatedPhoneNetwork({
      accountSid: config.getString('incomingCall.twilio.accountSid'),
      authToken: config.getString('incomingCall.twilio.authToken'),
      // Every number of the network rings this backend.
      defaultNumber: {
        voiceUrl: `${base}/voice`,
        statusCallback: `${base}/call-status`,
      },
      // Responders pick up and confirm, unless told otherwise.
      defaultPhone: { kind: 'answer', press: '1' },
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
        twilio.setHttpClient(
          networkFrom(config).httpClient as unknown as RequestClient,
        );
      },
    });
  },
});

const BEHAVIOURS: Record<string, PhoneBehaviour> = {
  confirm: { kind: 'answer', press: '1' },
  'voicemail-box': { kind: 'voicemail-box' },
  busy: { kind: 'busy' },
  'no-answer': { kind: 'no-answer' },
  ring: { kind: 'ring' },
};

/** Test calls on the network: place one, watch it, hang up, script phones. */
export const phoneNetworkPlugin = createBackendPlugin({
  pluginId: 'phone-network',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
      },
      async init({ config, httpRouter }) {
        if (!config.getOptionalBoolean('incomingCall.simulatedNetwork')) return;
        const sim = networkFrom(config);
        const router = Router();
        router.use(express.json());
        router.post('/calls', async (req, res) => {
          const { from, to, keys, voicemailSeconds } = req.body ?? {};
          if (typeof from !== 'string' || typeof to !== 'string') {
            throw new InputError('from and to are required phone numbers');
          }
          res.status(201).json(sim.call(from, to, { keys, voicemailSeconds }));
        });
        router.get('/calls', async (_req, res) => {
          res.json(sim.calls());
        });
        router.post('/calls/:sid/hangup', async (req, res) => {
          if (!sim.calls().some(c => c.sid === req.params.sid)) {
            throw new NotFoundError(`No call ${req.params.sid}`);
          }
          sim.hangUp(req.params.sid);
          res.status(204).end();
        });
        router.put('/phones/:number', async (req, res) => {
          const behaviour = BEHAVIOURS[req.body?.behaviour];
          if (!behaviour) {
            throw new InputError(
              `behaviour is one of ${Object.keys(BEHAVIOURS).join(', ')}`,
            );
          }
          sim.setPhone(req.params.number, behaviour);
          res.status(204).end();
        });
        httpRouter.use(router);
      },
    });
  },
});
