/**
 * Types of the simulated phone network's API (plugin id `phone-network`).
 * They are repeated here because the network's package is backend-only.
 */

/** @public */
export type SimulatedCallStatus =
  | 'ringing'
  | 'in-progress'
  | 'completed'
  | 'busy'
  | 'no-answer'
  | 'canceled'
  | 'failed';

/**
 * A call on the simulated network: an inbound caller (or a browser client),
 * an outbound-api responder leg the backend placed, or an outbound-dial leg
 * a `<Dial>` placed.
 *
 * @public
 */
export interface SimulatedCall {
  sid: string;
  from: string;
  to: string;
  direction: 'inbound' | 'outbound-api' | 'outbound-dial';
  status: SimulatedCallStatus;
  /** What the party has heard so far, in order. */
  heard: string[];
  queue?: string;
  /** The sid of the call this one is connected to. */
  bridgedWith?: string;
}

/** @public */
export interface TestCallInput {
  from: string;
  to: string;
  /** The keys the caller presses at successive menu prompts. */
  keys?: string[];
  voicemailSeconds?: number;
}

/**
 * How a responder's phone behaves when the simulated network rings it:
 * `confirm` answers and presses 1; `ring` rings until answered by hand or
 * the ring timeout (a responder who ignores it); `voicemail-box` answers and
 * never presses anything; `no-answer` is unreachable.
 *
 * @public
 */
export type TestPhoneBehaviour =
  | 'confirm'
  | 'ring'
  | 'busy'
  | 'voicemail-box'
  | 'no-answer';
