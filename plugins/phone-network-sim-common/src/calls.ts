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
  /** When the network placed or took the call: ms since the epoch, on the network's clock. */
  readonly createdAt: number;
  /** When it was picked up (an incoming call: when it came in), if it was. */
  readonly answeredAt?: number;
  /** When it reached its final status. */
  readonly endedAt?: number;
  /**
   * The calls it was connected to, in order: the other call's sid, and
   * when the bridge started and (once over) ended, on the network's clock.
   */
  readonly bridges: ReadonlyArray<SimulatedBridge>;
}

/**
 * A time two calls were connected, on the network's clock (ms).
 *
 * @public
 */
export interface SimulatedBridge {
  /** The sid of the other call. */
  readonly with: string;
  /** When the two were connected. */
  readonly since: number;
  /** When the bridge ended; undefined while they talk. */
  readonly until?: number;
}

/** A call in a final status changes no more. @public */
export function isFinalCall(call: Pick<SimulatedCall, 'status'>): boolean {
  return FINAL_CALL_STATUSES.includes(call.status);
}
