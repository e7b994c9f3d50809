import type {
  CallStatus,
  SimulatedCall,
} from '@icr/plugin-phone-network-sim-common';
import { Scope } from './activity';

/**
 * How a simulated phone behaves when the network rings it.
 *
 * @public
 */
export type PhoneBehaviour =
  /**
   * Picks up (after `afterSeconds`, default at once) and presses `press` at
   * the first prompt, e.g. "1" to confirm; "" presses nothing. Then presses
   * `then`'s keys at the later prompts of the call, one each ("" lets one
   * time out at once); past them (default) a prompt waits its timeout for
   * nothing. Once bridged to a caller, hangs up after `talkSeconds` on the
   * clock (default: talks until the other party hangs up).
   */
  | {
      kind: 'answer';
      press: string;
      afterSeconds?: number;
      then?: string[];
      talkSeconds?: number;
    }
  /** A voicemail box: picks up, never presses anything. */
  | { kind: 'voicemail-box'; afterSeconds?: number }
  | { kind: 'busy' }
  /** Unreachable: the network gives up at once. */
  | { kind: 'no-answer' }
  /**
   * Rings until a person answers it by hand (`answer`), it is cancelled,
   * or the ring timeout passes (then no-answer): a responder who ignores it.
   */
  | { kind: 'ring' };

/**
 * What a caller does once connected.
 *
 * @public
 */
export interface CallerScript {
  /**
   * Keys pressed at once at successive `<Gather>` prompts ("" lets one time
   * out at once). Once they run out the caller is live: a prompt waits for
   * `press` or its timeout on the clock.
   */
  keys?: string[];
  /** Length of the message left when asked to record, in seconds. */
  voicemailSeconds?: number;
  /** What the message says, for its transcription (default: a fixed phrase). */
  voicemailTranscript?: string;
  /** The caller hangs up this long after the call starts (on the clock). */
  hangUpAfterSeconds?: number;
  /**
   * Presses `key` once, `afterSeconds` after joining a queue (on the
   * clock), at a `<Gather>` of the queue's wait document: at once if one
   * listens then, else as soon as the next one does. Not pressed if the
   * caller leaves the queue first.
   */
  lineKey?: { key: string; afterSeconds: number };
}

/** The progress events a status callback can ask for. */
export type StatusEvent = 'initiated' | 'ringing' | 'answered' | 'completed';

/** What a waiting party can be told: keys pressed, or an answer by hand. */
export interface Listener {
  press?(digits: string): void;
  answer?(): void;
}

/**
 * The network's own record of a call: what the parties see, and all it
 * keeps to run the call. Only views of it leave the package.
 */
export interface CallRecord {
  sid: string;
  from: string;
  to: string;
  direction: SimulatedCall['direction'];
  status: CallStatus;
  heard: string[];
  queue?: string;
  bridgedWith?: string;
  script: CallerScript;
  /** A party that never presses keys (a voicemail box): prompts time out at once. */
  silent?: boolean;
  parentCallSid?: string;
  statusCallback?: string;
  statusEvents: StatusEvent[];
  /** The URL the current TwiML came from; relative URLs resolve against it. */
  documentUrl?: string;
  createdAt: number;
  answeredAt?: number;
  endedAt?: number;
  /**
   * Seconds of messages recorded on the call. A recording takes no time
   * here (no audio does), but counts toward the call's duration, as it
   * would on a real call.
   */
  recordedSeconds?: number;
  /** Status callbacks sent so far: the next one's SequenceNumber. */
  sequence: number;
  /** A key the party presses at the next prompt that listens (a line key). */
  dueKey?: string;
  /** Seconds a responder talks once bridged, then hangs up (`talkSeconds`). */
  talkSeconds?: number;
  /** Every bridge the call was in, in order; `until` once it ended. */
  bridges: Array<{ with: string; since: number; until?: number }>;
  /** The TwiML being followed; replaced when the call gets new TwiML. */
  scope: Scope;
  /** Whoever on this call waits for keys or a hand to pick up, if anyone. */
  listener?: Listener;
  /** Ends the bridge this call is in, if any. */
  unbridge?: () => void;
}

/**
 * A live, read-only view of a call: it reads the record when asked, so a
 * test can keep it and watch the call go on, but cannot change the call or
 * see what the network keeps to run it.
 */
export function viewOf(call: CallRecord): SimulatedCall {
  const { sid, from, to, direction } = call;
  return {
    sid,
    from,
    to,
    direction,
    get status() {
      return call.status;
    },
    get heard() {
      return [...call.heard];
    },
    get queue() {
      return call.queue;
    },
    get bridgedWith() {
      return call.bridgedWith;
    },
    createdAt: call.createdAt,
    get answeredAt() {
      return call.answeredAt;
    },
    get endedAt() {
      return call.endedAt;
    },
    get bridges() {
      return call.bridges.map(bridge => ({ ...bridge }));
    },
  };
}

/** How long an answered call has lasted, in whole seconds, at `now`. */
export function callDuration(call: CallRecord, now: number): number {
  return seconds(call.answeredAt, now) + (call.recordedSeconds ?? 0);
}

/** Whole seconds between two instants, as Twilio reports durations. */
export function seconds(from: number | undefined, to: number): number {
  return from === undefined ? 0 : Math.round((to - from) / 1000);
}
