import type {
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type { SimulatedPhoneNetwork } from '@icr/phone-network-sim';
import { browserIdentity } from '@icr/plugin-incoming-call-common';
import type {
  SimulatedCall,
  TestPhoneBehaviour,
} from '@icr/plugin-phone-network-sim-common';
import express from 'express';
import Router from 'express-promise-router';
import { PHONE_BEHAVIOURS } from '../service/simulatedPhoneNetworkService';

const isBehaviour = (name: unknown): name is TestPhoneBehaviour =>
  Object.keys(PHONE_BEHAVIOURS).includes(name as string);

/** What the API shows of a call: its view, as plain JSON. */
function json(call: SimulatedCall): SimulatedCall {
  const { sid, from, to, direction, status, heard, queue, bridgedWith } = call;
  return { sid, from, to, direction, status, heard, queue, bridgedWith };
}

/**
 * Test calls on the network: place one, watch it, play its parties (keys,
 * answer, hang up), script phones, and connect the signed-in user's browser.
 */
export function createRouter(options: {
  network: SimulatedPhoneNetwork;
  webhookBaseUrl: string;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
}) {
  const { network, webhookBaseUrl, httpAuth, userInfo } = options;
  // Phones set through this API, by the names it takes.
  const phones = new Map<string, TestPhoneBehaviour>();
  const callOf = (sid: string) => {
    const call = network.calls().find(c => c.sid === sid);
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
    const call = network.call(from, to, {
      keys,
      voicemailSeconds,
      hangUpAfterSeconds,
    });
    res.status(201).json(json(call));
  });
  // A caller's own parties: the caller, the responder legs the
  // incoming-call backend placed for it (their status callbacks name it as
  // `call=<caller's sid>`), and browsers bridged to it.
  const isPartyOf = (call: SimulatedCall, callerSid: string) => {
    if (call.sid === callerSid) return true;
    if (call.direction === 'inbound') return call.bridgedWith === callerSid;
    const statusCallback = network.statusCallbackOf(call.sid);
    return (
      statusCallback !== undefined &&
      new URL(statusCallback).searchParams.get('call') === callerSid
    );
  };
  router.get('/calls', async (req, res) => {
    const { caller } = req.query;
    if (caller !== undefined && typeof caller !== 'string') {
      throw new InputError('caller is the sid of one call');
    }
    const calls = network.calls();
    res.json(
      (caller === undefined
        ? calls
        : calls.filter(call => isPartyOf(call, caller))
      ).map(json),
    );
  });
  router.post('/calls/:sid/hangup', async (req, res) => {
    network.hangUp(callOf(req.params.sid).sid);
    res.status(204).end();
  });
  router.post('/calls/:sid/press', async (req, res) => {
    const digits = req.body?.digits;
    if (typeof digits !== 'string' || !/^[0-9*#]+$/.test(digits)) {
      throw new InputError('digits are keys of a phone: 0-9, * and #');
    }
    // False when the party was at no prompt: the keys went nowhere.
    const gathered = network.press(callOf(req.params.sid).sid, digits);
    res.json({ gathered });
  });
  router.post('/calls/:sid/answer', async (req, res) => {
    if (!network.answer(callOf(req.params.sid).sid)) {
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
        `behaviour is one of ${Object.keys(PHONE_BEHAVIOURS).join(', ')}`,
      );
    }
    network.setPhone(req.params.number, PHONE_BEHAVIOURS[name]);
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
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { userEntityRef } = await userInfo.getUserInfo(credentials);
    const call = network.connectClient(
      browserIdentity(userEntityRef),
      `${webhookBaseUrl}/browser-connect`,
      params,
    );
    res.status(201).json(json(call));
  });
  return router;
}
