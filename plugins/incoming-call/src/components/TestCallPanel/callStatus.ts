import type { SimulatedCall, SimulatedCallStatus } from '../../api';

const finalStatuses: ReadonlyArray<SimulatedCallStatus> = [
  'completed',
  'busy',
  'no-answer',
  'canceled',
  'failed',
];

/** A call in a final status changes no more, so there is nothing to poll. */
export function isFinal(call: SimulatedCall): boolean {
  return finalStatuses.includes(call.status);
}

export function statusText(call: SimulatedCall): string {
  return call.bridgedWith ? `${call.status}, connected` : call.status;
}
