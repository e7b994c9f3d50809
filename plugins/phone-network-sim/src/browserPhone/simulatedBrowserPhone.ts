import type {
  BrowserCallState,
  BrowserPhone,
} from '@icr/plugin-incoming-call-react';
import {
  isFinalCall,
  type SimulatedCall,
} from '@icr/plugin-phone-network-sim-common';
import type { PhoneNetworkApi } from '../api';

/**
 * What the simulated browser phone needs of the phone network's API.
 *
 * @public
 */
export type SimulatedNetworkApi = Pick<
  PhoneNetworkApi,
  'connectBrowserClient' | 'listTestCalls' | 'hangUpTestCall'
>;

function stateOf(call: SimulatedCall): BrowserCallState {
  if (isFinalCall(call)) {
    return { phase: 'ended', heard: call.heard };
  }
  return {
    // Answered is not enough: the backend may only say it is too late.
    phase: call.bridgedWith ? 'connected' : 'connecting',
    heard: call.heard,
  };
}

/**
 * The browser on the simulated phone network: the network places its
 * client call and plays it the backend's TwiML. The network cannot push, so
 * the call is followed by polling.
 *
 * @public
 */
export function simulatedBrowserPhone(
  api: SimulatedNetworkApi,
  pollMillis = 1000,
): BrowserPhone {
  return {
    async connect(grant, onChange) {
      const placed = await api.connectBrowserClient(grant.params);
      let state = stateOf(placed);
      let timer: ReturnType<typeof setTimeout> | undefined;
      // A final call changes no more, and a failing poll stops rather than
      // repeating its error every second.
      const following = () => state.phase !== 'ended' && !state.error;

      const poll = async () => {
        let next: BrowserCallState;
        try {
          const calls = (await api.listTestCalls()) ?? [];
          const latest = calls.find(call => call.sid === placed.sid);
          // A call the network no longer knows went with a restart.
          next = latest ? stateOf(latest) : { ...state, phase: 'ended' };
        } catch (error) {
          next = { ...state, error: error as Error };
        }
        // Hanging up meanwhile has had the last word.
        if (!following()) return;
        state = next;
        onChange(state);
        if (following()) timer = setTimeout(poll, pollMillis);
      };

      onChange(state);
      if (following()) timer = setTimeout(poll, pollMillis);
      return {
        async hangUp() {
          if (state.phase === 'ended') return;
          await api.hangUpTestCall(placed.sid);
          clearTimeout(timer);
          state = { phase: 'ended', heard: state.heard };
          onChange(state);
        },
      };
    },
  };
}
