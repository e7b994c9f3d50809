import { Scope } from './activity';

/** How a simulated phone behaves when the network rings it. */
export type PhoneBehaviour =
  /**
   * Picks up (after `afterSeconds`, default at once) and presses `press` at
   * the first prompt, e.g. "1" to confirm; "" presses nothing.
   */
  | { kind: 'answer'; press: string; afterSeconds?: number }
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

/** What a caller does once connected. */
export interface CallerScript {
  /**
   * Keys pressed at once at successive `<Gather>` prompts ("" lets one time
   * out at once). Once they run out the caller is live: a prompt waits for
   * `press` or its timeout on the clock.
   */
  keys?: string[];
  /** Length of the message left when asked to record, in seconds. */
  voicemailSeconds?: number;
  /** The caller hangs up this long after the call starts (on the clock). */
  hangUpAfterSeconds?: number;
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
  /**
   * `inbound`: a caller (or a browser client) calling in; `outbound-api`: a
   * leg placed with the REST API; `outbound-dial`: a leg placed by `<Dial>`.
   */
  direction: 'inbound' | 'outbound-api' | 'outbound-dial';
  status: CallStatus;
  /** Everything the party on this call heard, in order. */
  heard: string[];
  /** The queue the call waits in, if any. */
  queue?: string;
  /** The call this one is (or was last) connected to. */
  bridgedWith?: string;
}

export const FINAL: ReadonlyArray<CallStatus> = [
  'completed',
  'busy',
  'no-answer',
  'canceled',
  'failed',
];

/** The progress events a status callback can ask for. */
export type StatusEvent = 'initiated' | 'ringing' | 'answered' | 'completed';

/** What a waiting party can be told: keys pressed, or an answer by hand. */
export interface Listener {
  press?(digits: string): void;
  answer?(): void;
}

export interface CallRecord extends SimulatedCall {
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
  /** Status callbacks sent so far: the next one's SequenceNumber. */
  sequence: number;
  /** The TwiML being followed; replaced when the call gets new TwiML. */
  scope: Scope;
  /** Whoever on this call waits for keys or a hand to pick up, if anyone. */
  listener?: Listener;
  /** Ends the bridge this call is in, if any. */
  unbridge?: () => void;
}

export function isFinal(call: SimulatedCall): boolean {
  return FINAL.includes(call.status);
}

/** Whole seconds between two instants, as Twilio reports durations. */
export function seconds(from: number | undefined, to: number): number {
  return from === undefined ? 0 : Math.round((to - from) / 1000);
}
