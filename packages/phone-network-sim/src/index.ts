/**
 * A simulated phone network speaking Twilio's protocol, for the embedded
 * setup, tests and test calls.
 *
 * @packageDocumentation
 */

export {
  SimulatedPhoneNetwork,
  type CallStatus,
  type CallerScript,
  type PhoneBehaviour,
  type SimulatedCall,
  type SimulatedPhoneNetworkOptions,
} from './SimulatedPhoneNetwork';
export { parseTwiml, type Verb } from './twiml';
