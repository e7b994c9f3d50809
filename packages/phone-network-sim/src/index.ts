/**
 * A simulated phone network speaking Twilio's protocol, for the embedded
 * setup, tests and test calls.
 *
 * @packageDocumentation
 */

export {
  SimulatedPhoneNetwork,
  type SimulatedPhoneNetworkOptions,
} from './SimulatedPhoneNetwork';
export type { CallerScript, PhoneBehaviour } from './calls';
// The views of calls and messages are shared with the plugins that show them.
export {
  type CallStatus,
  type MessageStatus,
  type SimulatedBridge,
  type SimulatedCall,
  type SimulatedMessage,
  FINAL_CALL_STATUSES,
  isFinalCall,
} from '@icr/plugin-phone-network-sim-common';
export { ManualClock, ScaledClock, type Clock } from './clock';
export type { NumberRoute } from './numbers';
export { parseTwiml, type Verb } from './twiml';
export type { RestRequest, RestResponse } from './rest';
