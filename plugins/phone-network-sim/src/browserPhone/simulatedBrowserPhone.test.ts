import type { BrowserPickupGrant } from '@icr/plugin-incoming-call-common';
import type { BrowserCallState } from '@icr/plugin-incoming-call-react';
import type { SimulatedCall } from '@icr/plugin-phone-network-sim-common';
import { mockPhoneNetworkApi } from '../__testUtils__/renderForTeam';
import { simulatedBrowserPhone } from './simulatedBrowserPhone';

const grant: BrowserPickupGrant = {
  provider: 'simulated-network',
  identity: 'user_default_ana',
  params: { alert: 'alert-1' },
};

const browser: SimulatedCall = {
  sid: 'CA-browser',
  from: 'client:user_default_ana',
  to: '',
  direction: 'inbound',
  createdAt: 0,
  bridges: [],
  status: 'in-progress',
  heard: [],
};

const bridged: SimulatedCall = {
  ...browser,
  heard: ['Connecting you.'],
  bridgedWith: 'CA-caller',
};

describe('simulatedBrowserPhone', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('calls in as a client, follows the call until it is bridged and hangs up', async () => {
    const api = mockPhoneNetworkApi({
      connectBrowserClient: jest.fn().mockResolvedValue(browser),
      listTestCalls: jest.fn().mockResolvedValue([bridged]),
      hangUpTestCall: jest.fn().mockResolvedValue(undefined),
    });
    const states: BrowserCallState[] = [];

    const call = await simulatedBrowserPhone(api, 1000).connect(grant, state =>
      states.push(state),
    );

    expect(api.connectBrowserClient).toHaveBeenCalledWith({ alert: 'alert-1' });
    // Answered by the network, but not yet with the caller.
    expect(states).toEqual([{ phase: 'connecting', heard: [] }]);

    await jest.advanceTimersByTimeAsync(1000);
    expect(states.at(-1)).toEqual({
      phase: 'connected',
      heard: ['Connecting you.'],
    });

    await call.hangUp();
    expect(api.hangUpTestCall).toHaveBeenCalledWith('CA-browser');
    expect(states.at(-1)).toEqual({
      phase: 'ended',
      heard: ['Connecting you.'],
    });

    // Nothing is polled once the call is over.
    api.listTestCalls.mockClear();
    await jest.advanceTimersByTimeAsync(5000);
    expect(api.listTestCalls).not.toHaveBeenCalled();
  });

  it('ends with what was heard when the backend says it is too late', async () => {
    const tooLate = {
      ...browser,
      status: 'completed' as const,
      heard: ['Someone else has already taken this call.'],
    };
    const api = mockPhoneNetworkApi({
      connectBrowserClient: jest.fn().mockResolvedValue(browser),
      listTestCalls: jest.fn().mockResolvedValue([tooLate]),
    });
    const states: BrowserCallState[] = [];
    const call = await simulatedBrowserPhone(api, 1000).connect(grant, state =>
      states.push(state),
    );

    await jest.advanceTimersByTimeAsync(3000);

    expect(states).toEqual([
      { phase: 'connecting', heard: [] },
      { phase: 'ended', heard: ['Someone else has already taken this call.'] },
    ]);
    await call.hangUp();
    expect(api.hangUpTestCall).not.toHaveBeenCalled();
  });

  it('stops following after a failed poll, and can still hang up', async () => {
    const down = new Error('network down');
    const api = mockPhoneNetworkApi({
      connectBrowserClient: jest.fn().mockResolvedValue(bridged),
      listTestCalls: jest.fn().mockRejectedValue(down),
      hangUpTestCall: jest.fn().mockResolvedValue(undefined),
    });
    const states: BrowserCallState[] = [];
    const call = await simulatedBrowserPhone(api, 1000).connect(grant, state =>
      states.push(state),
    );

    await jest.advanceTimersByTimeAsync(5000);

    expect(api.listTestCalls).toHaveBeenCalledTimes(1);
    expect(states.at(-1)).toEqual({
      phase: 'connected',
      heard: ['Connecting you.'],
      error: down,
    });
    await call.hangUp();
    expect(api.hangUpTestCall).toHaveBeenCalledWith('CA-browser');
    expect(states.at(-1)).toEqual({
      phase: 'ended',
      heard: ['Connecting you.'],
    });
  });
});
