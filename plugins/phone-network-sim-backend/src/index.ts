/**
 * The simulated phone network as a Backstage backend plugin: its test-call
 * API (`/api/phone-network`, the default export) and the incoming-call
 * module that plugs the network into the plugin's Twilio seam (a named
 * export: add both to a backend). Both share the network through
 * `simulatedPhoneNetworkServiceRef`.
 *
 * @packageDocumentation
 */

export { phoneNetworkPlugin as default } from './plugin';
export { incomingCallModulePhoneNetworkSim } from './incomingCallModule';
export {
  simulatedPhoneNetworkServiceRef,
  type SimulatedPhoneNetworkService,
} from './service/simulatedPhoneNetworkService';
