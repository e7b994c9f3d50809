/** @public */
export type CallStatus =
  | 'ringing'
  | 'in-progress'
  | 'completed'
  | 'busy'
  | 'no-answer'
  | 'canceled'
  | 'failed';

/** The statuses a call ends in: it changes no more. @public */
export const FINAL_CALL_STATUSES: ReadonlyArray<CallStatus> = [
  'completed',
  'busy',
  'no-answer',
  'canceled',
  'failed',
];

/**
 * A call on the network, as a test or a person watches it: no more than a
 * party on the line could tell.
 *
 * @public
 */
export interface SimulatedCall {
  readonly sid: string;
  readonly from: string;
  readonly to: string;
  /**
   * `inbound`: a caller (or a browser client) calling in; `outbound-api`: a
   * leg placed with the REST API; `outbound-dial`: a leg placed by `<Dial>`.
   */
  readonly direction: 'inbound' | 'outbound-api' | 'outbound-dial';
  readonly status: CallStatus;
  /** Everything the party on this call heard, in order. */
  readonly heard: readonly string[];
  /** The queue the call waits in, if any. */
  readonly queue?: string;
  /** The call this one is (or was last) connected to. */
  readonly bridgedWith?: string;
}

/** A call in a final status changes no more. @public */
export function isFinalCall(call: Pick<SimulatedCall, 'status'>): boolean {
  return FINAL_CALL_STATUSES.includes(call.status);
}
