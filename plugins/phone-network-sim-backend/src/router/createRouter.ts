import type {
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type {
  PhoneBehaviour,
  SimulatedPhoneNetwork,
} from '@icr/phone-network-sim';
import { browserIdentity } from '@icr/plugin-incoming-call-common';
import {
  isFinalCall,
  type SimulatedCall,
  type SimulatedMessage,
  type TestPhoneBehaviour,
  type TestPhoneSetting,
} from '@icr/plugin-phone-network-sim-common';
import express from 'express';
import Router from 'express-promise-router';
import { PHONE_BEHAVIOURS } from '../service/simulatedPhoneNetworkService';

const isBehaviour = (name: unknown): name is TestPhoneBehaviour =>
  Object.keys(PHONE_BEHAVIOURS).includes(name as string);

const isSeconds = (value: unknown) =>
  value === undefined ||
  (typeof value === 'number' && value >= 0 && value <= 3600);

/**
 * The phone a `PUT /phones/:number` body sets: the named behaviour, with
 * the timings and later keys it may take.
 */
function phoneSetting(
  body: Partial<TestPhoneSetting> | undefined,
): PhoneBehaviour {
  const { behaviour, afterSeconds, talkSeconds, then } = body ?? {};
  if (!isBehaviour(behaviour)) {
    throw new InputError(
      `behaviour is one of ${Object.keys(PHONE_BEHAVIOURS).join(', ')}`,
    );
  }
  if (![afterSeconds, talkSeconds].every(isSeconds)) {
    throw new InputError('afterSeconds and talkSeconds are 0 to 3600 seconds');
  }
  if (
    then !== undefined &&
    !(
      Array.isArray(then) &&
      then.every(keys => typeof keys === 'string' && /^[0-9*#]*$/.test(keys))
    )
  ) {
    throw new InputError('then is a list of keys (0-9, * and #), one a prompt');
  }
  const base = PHONE_BEHAVIOURS[behaviour];
  if (base.kind === 'answer') {
    return { ...base, afterSeconds, talkSeconds, then };
  }
  if (talkSeconds !== undefined || then !== undefined) {
    throw new InputError('talkSeconds and then are for a phone that confirms');
  }
  if (base.kind === 'voicemail-box') return { ...base, afterSeconds };
  if (afterSeconds !== undefined) {
    throw new InputError('afterSeconds is for a phone that answers');
  }
  return base;
}

/** What the API shows of a text message: its view, as plain JSON. */
function messageJson(message: SimulatedMessage): SimulatedMessage {
  const { sid, from, to, body, status, dateCreated } = message;
  return { sid, from, to, body, status, dateCreated };
}

/** What the API shows of a call: its view, as plain JSON. */
function json(call: SimulatedCall): SimulatedCall {
  const { sid, from, to, direction, status, heard, queue, bridgedWith } = call;
  const { createdAt, answeredAt, endedAt, bridges } = call;
  return {
    sid,
    from,
    to,
    direction,
    status,
    heard,
    queue,
    bridgedWith,
    createdAt,
    answeredAt,
    endedAt,
    bridges,
  };
}

/**
 * Test calls on the network: place one, watch it, play its parties (keys,
 * answer, hang up), script phones, and connect the signed-in user's browser.
 *
 * Every route acts for a signed-in user, and only on the calls that user
 * may see: the calls they placed here, the calls of their own phone (the
 * catalog's phone number of the user, `phoneOf`) or browser
 * (`client:<browserIdentity(user)>`), and every party of the same call as
 * those (the caller, the responder legs placed for it, browsers bridged to
 * it). Anyone else's call answers 404, as an unknown call does, so that
 * its existence does not show; a phone that is on such a call cannot be
 * set (403). Of the text messages, a user reads those their own phone
 * received, and those the phones of their test calls' parties received
 * since the call was placed.
 */
export function createRouter(options: {
  network: SimulatedPhoneNetwork;
  webhookBaseUrl: string;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  /** The user's phone number (E.164) from the catalog, if any. */
  phoneOf: (userEntityRef: string) => Promise<string | undefined>;
}) {
  const { network, webhookBaseUrl, httpAuth, userInfo, phoneOf } = options;
  // Phones set through this API, by the names it takes, and who set them.
  const phones = new Map<
    string,
    { behaviour: TestPhoneBehaviour; setBy: string }
  >();
  // Who placed each call placed through this API.
  const placedBy = new Map<string, string>();
  // When, on the network's clock: the messages a party's phone received since count as the call's.
  const placedAt = new Map<string, number>();

  /** The signed-in user: this API acts for users only. */
  const userOf = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    return (await userInfo.getUserInfo(credentials)).userEntityRef;
  };

  /**
   * The caller's call a call belongs to: a responder leg's status callback
   * names it as `call=<caller's sid>` (as the incoming-call backend places
   * legs), a browser names the caller it is bridged to; else the call is
   * its own.
   */
  const rootOf = (call: SimulatedCall): string => {
    if (call.direction === 'inbound') {
      return call.from.startsWith('client:') && call.bridgedWith
        ? call.bridgedWith
        : call.sid;
    }
    const statusCallback = network.statusCallbackOf(call.sid);
    const caller =
      statusCallback !== undefined
        ? new URL(statusCallback).searchParams.get('call')
        : null;
    return caller ?? call.sid;
  };

  /** The calls the user may see and act on, in the network's order. */
  const visibleCalls = async (userEntityRef: string) => {
    const phone = await phoneOf(userEntityRef).catch(() => undefined);
    const client = `client:${browserIdentity(userEntityRef)}`;
    const calls = network.calls();
    const isTheirs = (call: SimulatedCall) =>
      placedBy.get(call.sid) === userEntityRef ||
      call.from === client ||
      call.to === client ||
      (phone !== undefined && (call.from === phone || call.to === phone));
    const roots = new Set(calls.filter(isTheirs).map(rootOf));
    return calls.filter(call => isTheirs(call) || roots.has(rootOf(call)));
  };

  /**
   * The text messages the user may read, oldest first: those their own
   * phone received, and those a party's phone of a test call they placed
   * received since they placed it (such as the SMS that notify its
   * responders).
   */
  const visibleMessages = async (
    userEntityRef: string,
  ): Promise<SimulatedMessage[]> => {
    const phone = await phoneOf(userEntityRef).catch(() => undefined);
    // Each phone on a call this user placed, from the earliest such call.
    const since = new Map<string, number>();
    for (const call of await visibleCalls(userEntityRef)) {
      const root = rootOf(call);
      const at = placedAt.get(root);
      if (at === undefined || placedBy.get(root) !== userEntityRef) continue;
      for (const number of [call.from, call.to]) {
        since.set(number, Math.min(since.get(number) ?? Infinity, at));
      }
    }
    return network
      .messages()
      .filter(
        m =>
          m.to === phone ||
          (since.get(m.to) ?? Infinity) <= Date.parse(m.dateCreated),
      )
      .map(messageJson);
  };

  /** A call the user may act on; anyone else's is as unknown as none. */
  const callOf = async (req: express.Request) => {
    const sid = req.params.sid;
    const call = (await visibleCalls(await userOf(req))).find(
      c => c.sid === sid,
    );
    if (!call) throw new NotFoundError(`No call ${sid}`);
    return call;
  };

  const router = Router();
  router.use(express.json());
  router.post('/calls', async (req, res) => {
    const user = await userOf(req);
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
    placedBy.set(call.sid, user);
    placedAt.set(call.sid, network.clock.now());
    res.status(201).json(json(call));
  });
  router.get('/calls', async (req, res) => {
    const { caller } = req.query;
    if (caller !== undefined && typeof caller !== 'string') {
      throw new InputError('caller is the sid of one call');
    }
    const calls = await visibleCalls(await userOf(req));
    // A caller's own parties: the caller, the responder legs placed for
    // it and browsers bridged to it.
    res.json(
      (caller === undefined
        ? calls
        : calls.filter(call => rootOf(call) === caller)
      ).map(json),
    );
  });
  router.post('/calls/:sid/hangup', async (req, res) => {
    network.hangUp((await callOf(req)).sid);
    res.status(204).end();
  });
  router.post('/calls/:sid/press', async (req, res) => {
    const call = await callOf(req);
    const digits = req.body?.digits;
    if (typeof digits !== 'string' || !/^[0-9*#]+$/.test(digits)) {
      throw new InputError('digits are keys of a phone: 0-9, * and #');
    }
    // False when the party was at no prompt: the keys went nowhere.
    const gathered = network.press(call.sid, digits);
    res.json({ gathered });
  });
  router.post('/calls/:sid/answer', async (req, res) => {
    if (!network.answer((await callOf(req)).sid)) {
      throw new ConflictError(`${req.params.sid} is not ringing`);
    }
    res.status(204).end();
  });
  // The text messages on the phones this user plays; with `to`, only those to that number.
  router.get('/messages', async (req, res) => {
    const { to } = req.query;
    if (to !== undefined && typeof to !== 'string') {
      throw new InputError('to is one phone number');
    }
    const messages = await visibleMessages(await userOf(req));
    res.json(to === undefined ? messages : messages.filter(m => m.to === to));
  });
  // The phones this user set.
  router.get('/phones', async (req, res) => {
    const user = await userOf(req);
    res.json(
      Object.fromEntries(
        [...phones]
          .filter(([, phone]) => phone.setBy === user)
          .map(([number, phone]) => [number, phone.behaviour]),
      ),
    );
  });
  router.put('/phones/:number', async (req, res) => {
    const user = await userOf(req);
    const phone = phoneSetting(req.body);
    const number = req.params.number;
    const visible = new Set((await visibleCalls(user)).map(c => c.sid));
    const onAnothersCall = network
      .calls()
      .some(
        call =>
          !isFinalCall(call) &&
          (call.from === number || call.to === number) &&
          !visible.has(call.sid),
      );
    if (onAnothersCall) {
      throw new NotAllowedError(
        `${number} is on a call you did not place and are not a party to`,
      );
    }
    network.setPhone(number, phone);
    phones.set(number, { behaviour: req.body.behaviour, setBy: user });
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
    const userEntityRef = await userOf(req);
    const call = network.connectClient(
      browserIdentity(userEntityRef),
      `${webhookBaseUrl}/browser-connect`,
      params,
    );
    placedBy.set(call.sid, userEntityRef);
    res.status(201).json(json(call));
  });
  return router;
}
