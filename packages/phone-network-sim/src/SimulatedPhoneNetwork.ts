import twilio from 'twilio';
import { parseTwiml, type Verb } from './twiml';

/** How a simulated phone behaves when the network rings it. */
export type PhoneBehaviour =
  /** Picks up and presses this key at the first prompt (e.g. "1" to confirm). */
  | { kind: 'answer'; press: string }
  /** A voicemail box: picks up, never presses anything. */
  | { kind: 'voicemail-box' }
  | { kind: 'busy' }
  | { kind: 'no-answer' }
  /** Rings until the call is cancelled (or a person picks up by hand). */
  | { kind: 'ring' };

/** What a caller does once connected. */
export interface CallerScript {
  /** Keys pressed at successive `<Gather>` prompts ("" for nothing). */
  keys?: string[];
  /** Length of the message left when asked to record, in seconds. */
  voicemailSeconds?: number;
}

export type CallStatus =
  | 'ringing'
  | 'in-progress'
  | 'completed'
  | 'busy'
  | 'no-answer'
  | 'canceled'
  | 'failed';

/** A call on the network, as a test or a person watches it. */
export interface SimulatedCall {
  sid: string;
  from: string;
  to: string;
  direction: 'inbound' | 'outbound-api';
  status: CallStatus;
  /** Everything the party on this call heard, in order. */
  heard: string[];
  /** The queue the call waits in, if any. */
  queue?: string;
  /** The call this one is connected to. */
  bridgedWith?: string;
}

interface CallRecord extends SimulatedCall {
  script: CallerScript;
  behaviour?: PhoneBehaviour;
  statusCallback?: string;
  /** The URL the current TwiML came from; relative URLs resolve against it. */
  documentUrl?: string;
  startedAt: number;
  sequence: number;
  /** Bumped whenever the call is given new TwiML, to stop the old document. */
  generation: number;
}

export interface SimulatedPhoneNetworkOptions {
  accountSid: string;
  authToken: string;
  /**
   * Where a webhook for a public URL is actually sent, like a tunnel or a
   * reverse proxy would: the signature stays computed over the public URL.
   */
  deliverTo?: (publicUrl: string) => string;
  /** Where calls to numbers not added with `addNumber` go, if anywhere. */
  defaultNumber?: { voiceUrl: string; statusCallback?: string };
  /** How phones not set with `setPhone` behave. Default: no answer. */
  defaultPhone?: PhoneBehaviour;
  now?: () => number;
}

type Form = Record<string, string>;

const FINAL: CallStatus[] = [
  'completed',
  'busy',
  'no-answer',
  'canceled',
  'failed',
];

/**
 * A phone network that speaks Twilio's protocol to a backend: an incoming
 * call posts signed webhooks and follows the TwiML answers; the backend's
 * REST requests (made with the official SDK, through `httpClient`) place and
 * change calls. Parties are scripted, and every call remembers what it heard.
 */
export class SimulatedPhoneNetwork {
  readonly #options: SimulatedPhoneNetworkOptions;
  readonly #numbers = new Map<
    string,
    { voiceUrl: string; statusCallback?: string }
  >();
  readonly #phones = new Map<string, PhoneBehaviour>();
  readonly #calls = new Map<string, CallRecord>();
  readonly #pending = new Set<Promise<void>>();
  #nextSid = 1;

  constructor(options: SimulatedPhoneNetworkOptions) {
    this.#options = options;
  }

  /** A number the backend answers: its voice URL and status callback. */
  addNumber(
    number: string,
    urls: { voiceUrl: string; statusCallback?: string },
  ) {
    this.#numbers.set(number, urls);
  }

  /** A responder's phone and how it behaves when rung. */
  setPhone(number: string, behaviour: PhoneBehaviour) {
    this.#phones.set(number, behaviour);
  }

  /** Places a call from `from` to one of the backend's numbers. */
  call(from: string, to: string, script: CallerScript = {}): SimulatedCall {
    const number = this.#numbers.get(to) ?? this.#options.defaultNumber;
    if (!number) throw new Error(`${to} is not a number of this network`);
    const call = this.#newCall({ from, to, direction: 'inbound', script });
    call.statusCallback = number.statusCallback;
    call.status = 'in-progress';
    this.#track(this.#follow(call, number.voiceUrl, {}));
    return call;
  }

  /** The caller (or anyone) hangs up. */
  hangUp(sid: string) {
    this.#track(this.#end(this.#get(sid), 'completed'));
  }

  calls(): SimulatedCall[] {
    return [...this.#calls.values()];
  }

  get(sid: string): SimulatedCall {
    return this.#get(sid);
  }

  /** Resolves when nothing is happening on the network any more. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) {
      await Promise.all([...this.#pending]);
    }
  }

  /** The Twilio SDK's `httpClient`: the REST API subset the backend uses. */
  readonly httpClient = {
    request: async (opts: {
      method: string;
      uri: string;
      data?: Record<string, unknown>;
    }) => {
      const path = new URL(opts.uri).pathname.replace(
        /^\/2010-04-01\/Accounts\/[^/]+/,
        '',
      );
      const data = Object.fromEntries(
        Object.entries(opts.data ?? {}).map(([k, v]) => [k, String(v)]),
      );
      const method = opts.method.toUpperCase();
      if (method === 'POST' && path === '/Calls.json') {
        return this.#respond(201, this.#createCall(data));
      }
      const match = /^\/Calls\/([^/.]+)\.json$/.exec(path);
      const call = match && this.#calls.get(match[1]);
      if (!call)
        return this.#respond(404, {
          code: 20404,
          message: 'The requested resource was not found',
        });
      if (method === 'POST') this.#updateCall(call, data);
      return this.#respond(200, this.#resource(call));
    },
  };

  #respond(statusCode: number, body: unknown) {
    return { statusCode, body: JSON.stringify(body), headers: {} };
  }

  #resource(call: CallRecord) {
    const { sid, from, to, status, direction } = call;
    return {
      sid,
      from,
      to,
      status,
      direction,
      account_sid: this.#options.accountSid,
    };
  }

  #get(sid: string): CallRecord {
    const call = this.#calls.get(sid);
    if (!call) throw new Error(`No call ${sid}`);
    return call;
  }

  #newCall(
    init: Pick<CallRecord, 'from' | 'to' | 'direction' | 'script'>,
  ): CallRecord {
    const sid = `CA${String(this.#nextSid++).padStart(32, '0')}`;
    const call: CallRecord = {
      ...init,
      sid,
      status: 'ringing',
      heard: [],
      startedAt: this.#now(),
      sequence: 0,
      generation: 0,
    };
    this.#calls.set(sid, call);
    return call;
  }

  #now() {
    return this.#options.now?.() ?? Date.now();
  }

  #track(work: Promise<void>) {
    const tracked = work.finally(() => this.#pending.delete(tracked));
    this.#pending.add(tracked);
  }

  /** REST: a new outbound leg, which rings the phone at `To`. */
  #createCall(data: Form) {
    const behaviour = this.#phones.get(data.To) ??
      this.#options.defaultPhone ?? { kind: 'no-answer' };
    const call = this.#newCall({
      from: data.From,
      to: data.To,
      direction: 'outbound-api',
      script: {},
    });
    call.behaviour = behaviour;
    call.statusCallback = data.StatusCallback;
    this.#track(
      (async () => {
        await Promise.resolve(); // the REST answer goes out first, as on Twilio
        if (behaviour.kind === 'busy' || behaviour.kind === 'no-answer') {
          await this.#end(call, behaviour.kind);
          return;
        }
        if (behaviour.kind === 'ring') return;
        if (call.status !== 'ringing') return; // cancelled while ringing
        call.status = 'in-progress';
        call.script = {
          keys: behaviour.kind === 'answer' ? [behaviour.press] : [''],
        };
        await this.#follow(call, data.Url, {});
      })(),
    );
    return this.#resource(call);
  }

  /** REST: new TwiML for a call, or its end. */
  #updateCall(call: CallRecord, data: Form) {
    if (data.Status === 'canceled' || data.Status === 'completed') {
      const status = call.status === 'ringing' ? 'canceled' : 'completed';
      this.#track(this.#end(call, status));
    } else if (data.Twiml) {
      call.generation++;
      call.queue = undefined;
      this.#track(this.#run(call, parseTwiml(data.Twiml), call.generation));
    }
  }

  /** Posts a signed webhook and follows the TwiML it answers with. */
  async #follow(call: CallRecord, url: string, extra: Form) {
    const absolute = new URL(url, call.documentUrl).toString();
    const twiml = await this.#webhook(absolute, this.#params(call, extra));
    call.documentUrl = absolute;
    call.generation++;
    await this.#run(call, parseTwiml(twiml), call.generation);
  }

  #params(call: CallRecord, extra: Form): Form {
    return {
      AccountSid: this.#options.accountSid,
      CallSid: call.sid,
      From: call.from,
      To: call.to,
      CallStatus: call.status,
      Direction: call.direction,
      ...extra,
    };
  }

  async #webhook(publicUrl: string, params: Form): Promise<string> {
    const signature = twilio.getExpectedTwilioSignature(
      this.#options.authToken,
      publicUrl,
      params,
    );
    const target = this.#options.deliverTo?.(publicUrl) ?? publicUrl;
    const res = await fetch(target, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': signature,
      },
      body: new URLSearchParams(params).toString(),
    });
    const body = await res.text();
    if (!res.ok)
      throw new Error(`Webhook ${publicUrl} answered ${res.status}: ${body}`);
    return body;
  }

  /** Interprets TwiML verbs until the document ends or hands over. */
  async #run(
    call: CallRecord,
    verbs: Verb[],
    generation: number,
  ): Promise<void> {
    for (const verb of verbs) {
      if (call.generation !== generation || FINAL.includes(call.status)) return;
      const { attributes: a } = verb;
      switch (verb.name) {
        case 'Say':
          call.heard.push(verb.text);
          break;
        case 'Play':
          call.heard.push(`[audio ${verb.text}]`);
          break;
        case 'Pause':
          break;
        case 'Hangup':
          await this.#end(call, 'completed');
          return;
        case 'Reject':
          await this.#end(call, 'busy');
          return;
        case 'Gather': {
          verb.children
            .filter(c => c.name === 'Say')
            .forEach(c => call.heard.push(c.text));
          const digits = call.script.keys?.shift() ?? '';
          if (digits) {
            await this.#follow(call, a.action ?? call.documentUrl!, {
              Digits: digits,
            });
            return;
          }
          break;
        }
        case 'Redirect':
          await this.#follow(call, verb.text, {});
          return;
        case 'Enqueue':
          call.queue = verb.text;
          return;
        case 'Dial': {
          const queue = verb.children.find(c => c.name === 'Queue')?.text;
          const waiting = [...this.#calls.values()].find(
            c =>
              c.queue === queue && c.status === 'in-progress' && !c.bridgedWith,
          );
          if (!waiting) break;
          waiting.queue = undefined;
          waiting.bridgedWith = call.sid;
          call.bridgedWith = waiting.sid;
          return;
        }
        case 'Record': {
          const seconds = call.script.voicemailSeconds ?? 0;
          if (seconds > 0) {
            const recordingSid = `RE${call.sid.slice(2)}`;
            const recording = {
              RecordingSid: recordingSid,
              RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${
                this.#options.accountSid
              }/Recordings/${recordingSid}`,
              RecordingDuration: String(seconds),
            };
            const callback = a.recordingStatusCallback;
            if (callback) {
              this.#track(
                this.#webhook(new URL(callback, call.documentUrl).toString(), {
                  ...this.#params(call, recording),
                  RecordingStatus: 'completed',
                }).then(() => undefined),
              );
            }
            if (a.action) {
              await this.#follow(call, a.action, recording);
              return;
            }
          }
          break;
        }
        default:
          throw new Error(`The simulated network does not know <${verb.name}>`);
      }
    }
    // A document that runs out hangs up, as on Twilio.
    if (call.generation === generation && !call.queue && !call.bridgedWith) {
      await this.#end(call, 'completed');
    }
  }

  /** Ends a call (and the one bridged to it) and reports it. */
  async #end(call: CallRecord, status: CallStatus): Promise<void> {
    if (FINAL.includes(call.status)) return;
    call.status = status;
    call.queue = undefined;
    call.generation++;
    const other = call.bridgedWith
      ? this.#calls.get(call.bridgedWith)
      : undefined;
    if (call.statusCallback) {
      call.sequence++;
      await this.#webhook(
        call.statusCallback,
        this.#params(call, {
          CallDuration: String(
            Math.round((this.#now() - call.startedAt) / 1000),
          ),
          SequenceNumber: String(call.sequence),
        }),
      );
    }
    if (other) await this.#end(other, 'completed');
  }
}
