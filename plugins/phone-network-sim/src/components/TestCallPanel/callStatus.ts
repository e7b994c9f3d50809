import type { SimulatedCall } from '@icr/plugin-phone-network-sim-common';

export function statusText(call: SimulatedCall): string {
  return call.bridgedWith ? `${call.status}, connected` : call.status;
}
