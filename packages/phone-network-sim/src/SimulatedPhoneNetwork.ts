import type {
  SimulatedCall,
  SimulatedMessage,
} from '@icr/plugin-phone-network-sim-common';
import { type CallerScript, type PhoneBehaviour, viewOf } from './calls';
import { type Clock, realClock } from './clock';
import { Interpreter } from './interpreter';
import { Messages, viewOfMessage } from './messages';
import type { NumberRoute } from './numbers';
import { RestApi, type RestRequest } from './rest';
import { Switchboard } from './switchboard';

/** @public */
export interface SimulatedPhoneNetworkOptions {
  accountSid: string;
  authToken: string;
  /**
   * Where a webhook for a public URL is actually sent, like a tunnel or a
   * reverse proxy would: the signature stays computed over the public URL.
   */
  deliverTo?: (publicUrl: string) => string;
  /** Where calls to numbers not added with `addNumber` go, if anywhere. */
  defaultNumber?: NumberRoute;
  /** How phones not set with `setPhone` behave. Default: no answer. */
  defaultPhone?: PhoneBehaviour;
  /** Ring timeouts, prompts, pauses and durations run on it. Default: real time. */
  clock?: Clock;
  /**
   * The number in the first SID it hands out (default 1), the next ones
   * counting up. A network started again in front of a backend that kept
   * its database starts past the SIDs it handed out before (from the time,
   * say), so that a new call is never taken for an old one.
   */
  firstSid?: number;
}

/**
 * A phone network that speaks Twilio's protocol to a backend: an incoming
 * call posts signed webhooks and follows the TwiML answers; the backend's
 * REST requests (made with the official SDK, through `httpClient`) place and
 * change calls, and send text messages to phones. Parties are scripted or
 * played live (`press`, `answer`, `hangUp`), every call remembers what it
 * heard, and every phone the messages delivered to it. Calls and messages
 * are handed out as live read-only views (`SimulatedCall`,
 * `SimulatedMessage`), never the network's records.
 *
 * @public
 */
export class SimulatedPhoneNetwork {
  readonly #board: Switchboard;
  readonly #interpreter: Interpreter;
  readonly #messages: Messages;
  readonly #rest: RestApi;

  constructor(options: SimulatedPhoneNetworkOptions) {
    this.#board = new Switchboard({
      ...options,
      clock: options.clock ?? realClock,
    });
    this.#interpreter = new Interpreter(this.#board);
    this.#messages = new Messages(this.#board);
    this.#rest = new RestApi(this.#board, this.#interpreter, this.#messages);
  }

  get clock(): Clock {
    return this.#board.clock;
  }

  /**
   * A number of the backend's: calls to it post to `voiceUrl`. It is listed
   * in the REST API's incoming phone numbers, like one bought there.
   */
  addNumber(number: string, route: NumberRoute) {
    const board = this.#board;
    const existing = board.numbers.get(number);
    board.numbers.set(number, {
      sid: existing?.sid ?? board.sid('PN'),
      phoneNumber: number,
      friendlyName: existing?.friendlyName ?? number,
      createdAt: existing?.createdAt ?? board.now(),
      ...route,
    });
  }

  /**
   * A Messaging Service of the account (`MG` and 32 hex digits): messages
   * sent with its sid go out from the first of its `senders`.
   */
  addMessagingService(sid: string, senders: string[]) {
    this.#messages.addService(sid, senders);
  }

  /** A responder's phone (or `client:<identity>`) and how it behaves when rung. */
  setPhone(number: string, behaviour: PhoneBehaviour) {
    this.#board.phones.set(number, behaviour);
  }

  /** Places a call from `from` to one of the backend's numbers. */
  call(from: string, to: string, script: CallerScript = {}): SimulatedCall {
    const board = this.#board;
    const route = board.route(to);
    if (!route) throw new Error(`${to} is not a number of this network`);
    const call = board.newCall({
      from,
      to,
      direction: 'inbound',
      statusCallback: route.statusCallback,
    });
    board.answerInbound(call, script);
    board.activity.track(
      this.#interpreter.follow({ call, scope: call.scope }, route.voiceUrl, {}),
    );
    return viewOf(call);
  }

  /**
   * A browser (Twilio Voice SDK, `Device.connect`) calls out as
   * `client:<identity>`: the network posts the voice webhook to `voiceUrl`
   * with the custom `params`, and the call follows the TwiML answer.
   */
  connectClient(
    identity: string,
    voiceUrl: string,
    params: Record<string, string> = {},
  ): SimulatedCall {
    const board = this.#board;
    const call = board.newCall({
      from: `client:${identity}`,
      to: params.To ?? '',
      direction: 'inbound',
    });
    board.answerInbound(call);
    board.activity.track(
      this.#interpreter.follow({ call, scope: call.scope }, voiceUrl, params),
    );
    return viewOf(call);
  }

  /**
   * Keys pressed now by the party on a call (e.g. "1", or "123#"). They
   * answer the prompt the party is at; false when no prompt was listening.
   */
  press(sid: string, digits: string): boolean {
    return this.#board.press(this.#board.get(sid), digits);
  }

  /** Picks up a ringing phone by hand; false when the call is not ringing. */
  answer(sid: string): boolean {
    return this.#board.answer(this.#board.get(sid));
  }

  /** The party hangs up; on a phone still ringing, that declines (busy). */
  hangUp(sid: string) {
    this.#board.hangUp(this.#board.get(sid));
  }

  /** Every call the network has carried, as live read-only views. */
  calls(): SimulatedCall[] {
    return [...this.#board.calls.values()].map(viewOf);
  }

  /** Every text message sent on the network, oldest first, as live read-only views. */
  messages(): SimulatedMessage[] {
    return this.#messages.all().map(viewOfMessage);
  }

  /** The text messages delivered to the phone at `number`, oldest first. */
  inbox(number: string): SimulatedMessage[] {
    return this.#messages
      .all()
      .filter(m => m.to === number && m.status === 'delivered')
      .map(viewOfMessage);
  }

  /**
   * The status callback URL a call reports to, as the backend gave it when
   * placing the call (REST `StatusCallback`, `<Dial statusCallback>`) or on
   * the number called; undefined when there is none. Throws for an unknown sid.
   */
  statusCallbackOf(sid: string): string | undefined {
    return this.#board.get(sid).statusCallback;
  }

  /** One call, as a live read-only view; throws for an unknown sid. */
  get(sid: string): SimulatedCall {
    return viewOf(this.#board.get(sid));
  }

  /**
   * Resolves when nothing is in progress any more (calls may still wait
   * for a person or the clock); throws a failure from meanwhile, e.g. a
   * webhook the backend refused.
   */
  settled(): Promise<void> {
    return this.#board.activity.settled();
  }

  /** The Twilio SDK's `httpClient`: the REST API subset the backend uses. */
  readonly httpClient = {
    request: (opts: RestRequest) => this.#rest.request(opts),
  };
}
