import { createApiRef } from '@backstage/frontend-plugin-api';
import type { BrowserPickupGrant } from '@icr/plugin-incoming-call-common';
import type {
  SimulatedCall,
  SimulatedMessage,
  TestCallInput,
  TestPhoneBehaviour,
} from '@icr/plugin-phone-network-sim-common';

/**
 * Test calls on the simulated phone network (backend plugin
 * `phone-network`): place them, follow them, play their parties and script
 * the responders' phones, and call in from this browser.
 *
 * @public
 */
export interface PhoneNetworkApi {
  /**
   * The calls on the simulated phone network, or undefined when the backend
   * uses a real phone provider instead. With `caller`, only that caller's
   * own parties: the caller, the responder legs placed for it and browsers
   * connected to it.
   */
  listTestCalls(options?: {
    caller?: string;
  }): Promise<SimulatedCall[] | undefined>;
  /**
   * The text messages (SMS) the simulated phones received that this user
   * may read, oldest first: those to their own phone, and those to the
   * phones of their test calls since they placed them. With `to`, only
   * those to that number.
   */
  listTestMessages(options?: { to?: string }): Promise<SimulatedMessage[]>;
  /** Places a call on the simulated network; resolves to the caller's call. */
  placeTestCall(input: TestCallInput): Promise<SimulatedCall>;
  hangUpTestCall(sid: string): Promise<void>;
  /** Keys pressed now by the party on a test call. */
  pressTestCallKeys(sid: string, digits: string): Promise<void>;
  /** Picks up a ringing responder leg by hand. */
  answerTestCall(sid: string): Promise<void>;
  /** The responder phones set on the simulated network, by number. */
  listTestPhones(): Promise<Record<string, TestPhoneBehaviour>>;
  setTestPhone(number: string, behaviour: TestPhoneBehaviour): Promise<void>;
  /**
   * Calls in from this browser as a client of the simulated network, with
   * the parameters of a browser pickup grant; resolves to the browser's call.
   */
  connectBrowserClient(
    params: BrowserPickupGrant['params'],
  ): Promise<SimulatedCall>;
}

/** @public */
export const phoneNetworkApiRef = createApiRef<PhoneNetworkApi>({
  id: 'plugin.phone-network.service',
});
