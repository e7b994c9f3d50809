import {
  type CallStatus,
  isFinalCall,
} from '@icr/plugin-phone-network-sim-common';
import { Activity, Scope } from './activity';
import {
  type CallerScript,
  type CallRecord,
  type PhoneBehaviour,
  callDuration,
  type StatusEvent,
} from './calls';
import type { Clock } from './clock';
import type { IncomingNumber, NumberRoute } from './numbers';
import { Queues } from './queues';
import type { RecordingRecord } from './recordings';
import { type Form, postWebhook, rfc2822 } from './webhooks';

export interface SwitchboardOptions {
  accountSid: string;
  authToken: string;
  deliverTo?: (publicUrl: string) => string;
  defaultNumber?: NumberRoute;
  defaultPhone?: PhoneBehaviour;
  clock: Clock;
  firstSid?: number;
}

/** Two calls talking; each party stays until the bridge ends. */
export interface Bridge {
  since: number;
  /** Resolves true when the bridge ends, undefined when `call` moves on. */
  stay(call: CallRecord): Promise<true | undefined>;
}

type NewCall = Pick<CallRecord, 'from' | 'to' | 'direction'> &
  Partial<
    Pick<
      CallRecord,
      'script' | 'statusCallback' | 'statusEvents' | 'parentCallSid'
    >
  >;

/**
 * The network's state and the life of a call: ringing, answering, bridging,
 * ending, and the status callbacks that report it. The interpreter and the
 * REST API work on it; the public face is `SimulatedPhoneNetwork`.
 */
export class Switchboard {
  readonly activity = new Activity();
  readonly calls = new Map<string, CallRecord>();
  readonly numbers = new Map<string, IncomingNumber>();
  readonly phones = new Map<string, PhoneBehaviour>();
  /** Voicemails recorded, by recording SID. */
  readonly recordings = new Map<string, RecordingRecord>();
  readonly queues: Queues;
  #nextSid: number;

  constructor(readonly options: SwitchboardOptions) {
    this.queues = new Queues(() => this.now());
    this.#nextSid = options.firstSid ?? 1;
  }

  get clock(): Clock {
    return this.options.clock;
  }

  now(): number {
    return this.clock.now();
  }

  /** A sid of Twilio's shape: two letters, 32 hex digits. */
  sid(prefix: string): string {
    return `${prefix}${(this.#nextSid++).toString(16).padStart(32, '0')}`;
  }

  /** Where a call to `to` goes: a number of the backend's, or the default. */
  route(to: string): NumberRoute | undefined {
    return this.numbers.get(to) ?? this.options.defaultNumber;
  }

  newCall(init: NewCall): CallRecord {
    const call: CallRecord = {
      script: {},
      statusEvents: ['completed'],
      ...init,
      sid: this.sid('CA'),
      status: 'ringing',
      heard: [],
      bridges: [],
      createdAt: this.now(),
      sequence: 0,
      scope: new Scope(),
    };
    this.calls.set(call.sid, call);
    return call;
  }

  get(sid: string): CallRecord {
    const call = this.calls.get(sid);
    if (!call) throw new Error(`No call ${sid}`);
    return call;
  }

  /** Runs `task` on the clock after `ms`; the clock waits for its work. */
  after(ms: number, task: () => void): () => void {
    return this.clock.schedule(ms, async () => {
      task();
      await this.activity.idle();
    });
  }

  /** An incoming call that the network has put through: it is live at once. */
  answerInbound(call: CallRecord, script: CallerScript = {}) {
    call.status = 'in-progress';
    call.answeredAt = this.now();
    call.script = script;
    if (script.hangUpAfterSeconds !== undefined) {
      this.after(script.hangUpAfterSeconds * 1000, () => this.hangUp(call));
    }
  }

  /**
   * Rings an outbound leg until it is answered (true), or refused,
   * cancelled or not answered within `timeoutSeconds` (false).
   */
  async ring(leg: CallRecord, timeoutSeconds: number): Promise<boolean> {
    // The REST answer with the new sid goes out before anything happens.
    await Promise.resolve();
    if (isFinalCall(leg)) return false;
    await this.#report(leg, 'initiated');
    const behaviour = this.phones.get(leg.to) ??
      this.options.defaultPhone ?? { kind: 'no-answer' };
    if (behaviour.kind === 'busy' || behaviour.kind === 'no-answer') {
      await this.end(leg, behaviour.kind);
      return false;
    }
    await this.#report(leg, 'ringing');
    const afterSeconds =
      behaviour.kind === 'ring' ? undefined : behaviour.afterSeconds ?? 0;
    let live = false;
    if (afterSeconds !== 0) {
      const outcome = await this.activity.wait<'timeout' | 'answer' | 'hand'>(
        leg.scope,
        resume => {
          const timers = [
            this.after(timeoutSeconds * 1000, () => resume('timeout')),
          ];
          if (afterSeconds !== undefined) {
            timers.push(
              this.after(afterSeconds * 1000, () => resume('answer')),
            );
          }
          leg.listener = { answer: () => resume('hand') };
          return () => {
            timers.forEach(cancel => cancel());
            leg.listener = undefined;
          };
        },
      );
      if (outcome === undefined) return false; // cancelled or declined
      if (outcome === 'timeout') {
        await this.end(leg, 'no-answer');
        return false;
      }
      live = outcome === 'hand';
    }
    if (isFinalCall(leg)) return false;
    leg.status = 'in-progress';
    leg.answeredAt = this.now();
    if (!live) {
      leg.script = {
        keys:
          behaviour.kind === 'answer'
            ? [behaviour.press, ...(behaviour.then ?? [])]
            : [''],
      };
      leg.silent = behaviour.kind === 'voicemail-box';
      if (behaviour.kind === 'answer') leg.talkSeconds = behaviour.talkSeconds;
    }
    await this.#report(leg, 'answered');
    return true;
  }

  /**
   * Connects two calls, until one ends or gets new TwiML; a party with
   * `talkSeconds` hangs up after that long.
   */
  bridge(a: CallRecord, b: CallRecord): Bridge {
    const since = this.now();
    const spans = [a, b].map(call => {
      const span: CallRecord['bridges'][number] = {
        with: (call === a ? b : a).sid,
        since,
      };
      call.bridges.push(span);
      call.bridgedWith = span.with;
      return span;
    });
    const hangUps = [a, b].flatMap(call =>
      call.talkSeconds === undefined
        ? []
        : [this.after(call.talkSeconds * 1000, () => this.hangUp(call))],
    );
    let ended = false;
    const parties: Array<() => void> = [];
    const unbridge = () => {
      ended = true;
      a.unbridge = b.unbridge = undefined;
      for (const span of spans) span.until = this.now();
      hangUps.forEach(cancel => cancel());
      for (const resume of parties.splice(0)) resume();
    };
    a.unbridge = b.unbridge = unbridge;
    return {
      since,
      stay: call =>
        ended
          ? Promise.resolve(true)
          : this.activity.wait<true>(call.scope, resume => {
              parties.push(() => resume(true));
            }),
    };
  }

  /** Stops what a call is doing, so that it can follow new TwiML. */
  restart(call: CallRecord): Scope {
    call.scope.stop();
    call.scope = new Scope();
    call.unbridge?.();
    return call.scope;
  }

  /** Keys pressed by the party on a call; false when nothing listened. */
  press(call: CallRecord, digits: string): boolean {
    const press = call.listener?.press;
    if (!press || isFinalCall(call)) return false;
    press(digits);
    return true;
  }

  /** Picks up a ringing phone by hand; false when it is not ringing. */
  answer(call: CallRecord): boolean {
    const answer = call.listener?.answer;
    if (!answer) return false;
    answer();
    return true;
  }

  /** The party puts the phone down: a ringing phone declines (busy). */
  hangUp(call: CallRecord) {
    if (isFinalCall(call)) return;
    this.activity.track(
      this.end(call, call.status === 'ringing' ? 'busy' : 'completed'),
    );
  }

  /** Ends a call and reports it; the party bridged to it carries on. */
  async end(call: CallRecord, status: CallStatus): Promise<void> {
    if (isFinalCall(call)) return;
    call.status = status;
    call.endedAt = this.now();
    call.scope.stop();
    const unbridge = call.unbridge;
    try {
      await this.#report(call, 'completed');
    } finally {
      unbridge?.();
    }
  }

  /** The standard parameters of every request about a call. */
  params(call: CallRecord, extra: Form = {}): Form {
    return {
      AccountSid: this.options.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: call.sid,
      CallStatus: call.status,
      Direction: call.direction,
      From: call.from,
      Caller: call.from,
      To: call.to,
      Called: call.to,
      ...(call.parentCallSid ? { ParentCallSid: call.parentCallSid } : {}),
      ...extra,
    };
  }

  webhook(publicUrl: string, params: Form): Promise<string> {
    return postWebhook(this.options, publicUrl, params);
  }

  /** A status callback, when the call asked for this event. */
  async #report(call: CallRecord, event: StatusEvent) {
    if (!call.statusCallback || !call.statusEvents.includes(event)) return;
    const now = this.now();
    await this.webhook(
      call.statusCallback,
      this.params(call, {
        ...(event === 'initiated' ? { CallStatus: 'initiated' } : {}),
        ...(event === 'completed'
          ? { CallDuration: String(callDuration(call, now)) }
          : {}),
        CallbackSource: 'call-progress-events',
        SequenceNumber: String(call.sequence++),
        Timestamp: rfc2822(now),
      }),
    );
  }
}
