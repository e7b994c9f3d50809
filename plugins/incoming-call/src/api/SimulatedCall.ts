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
 * A call on the simulated network: an inbound caller, or an outbound-api
 * responder leg the backend placed.
 *
 * @public
 */
export interface SimulatedCall {
  sid: string;
  from: string;
  to: string;
  direction: 'inbound' | 'outbound-api';
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
