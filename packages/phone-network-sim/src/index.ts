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
export type {
  CallStatus,
  CallerScript,
  PhoneBehaviour,
  SimulatedCall,
} from './calls';
export { ManualClock, type Clock } from './clock';
export type { NumberRoute } from './numbers';
export { parseTwiml, type Verb } from './twiml';
