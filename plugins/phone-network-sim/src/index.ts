/**
 * The simulated phone network in Backstage: the test call panel on a
 * Group's Incoming calls tab and the browser phone for pickup on the
 * network. For the legacy frontend system; the new one uses `/alpha`.
 *
 * @packageDocumentation
 */

export {
  phoneNetworkSimPlugin,
  EntityTestCallPanel,
  browserPhonesWithSimulatedNetworkApiFactory,
} from './plugin';
export {
  PhoneNetworkClient,
  phoneNetworkApiRef,
  type PhoneNetworkApi,
} from './api';
export { TestCallPanel } from './components/TestCallPanel';
export {
  simulatedBrowserPhone,
  type SimulatedNetworkApi,
} from './browserPhone/simulatedBrowserPhone';
export type {
  SimulatedCall,
  TestCallInput,
  TestPhoneBehaviour,
} from '@icr/plugin-phone-network-sim-common';
