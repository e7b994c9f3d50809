import type { BrowserPickupGrant } from '@icr/plugin-incoming-call-common';
import type { BrowserCallState } from './BrowserPhone';
import {
  twilioBrowserPhone,
  type VoiceCall,
  type VoiceDevice,
} from './twilioBrowserPhone';

const grant: BrowserPickupGrant = {
  provider: 'twilio',
  identity: 'user_default_ana',
  params: { alert: 'alert-1' },
  token: 'voice-token',
};

/** Stands in for the Voice SDK's Call: tests emit its events. */
class FakeCall implements VoiceCall {
  private readonly listeners = new Map<string, (error?: Error) => void>();
  readonly disconnect = jest.fn(() => this.emit('disconnect'));

  on(event: string, listener: (error?: any) => void) {
    this.listeners.set(event, listener);
    return this;
  }

  emit(event: string, error?: Error) {
    this.listeners.get(event)?.(error);
  }
}

/** A fake Voice SDK whose Device hands out `call`, or fails to connect. */
function fakeVoiceSdk(connectError?: Error) {
  const call = new FakeCall();
  const devices: FakeDevice[] = [];
  class FakeDevice implements VoiceDevice {
    readonly connect = jest.fn(async (_options: { params: object }) => {
      if (connectError) throw connectError;
      return call;
    });
    readonly destroy = jest.fn();
    constructor(
      readonly token: string,
      readonly options: { closeProtection: boolean },
    ) {
      devices.push(this);
    }
  }
  return { call, devices, load: jest.fn(async () => FakeDevice) };
}

describe('twilioBrowserPhone', () => {
  it('connects a Device with the grant, follows the call and hangs up', async () => {
    const sdk = fakeVoiceSdk();
    const states: BrowserCallState[] = [];

    const call = await twilioBrowserPhone(sdk.load).connect(grant, state =>
      states.push(state),
    );

    const [device] = sdk.devices;
    expect(device.token).toBe('voice-token');
    expect(device.options).toEqual({ closeProtection: true });
    expect(device.connect).toHaveBeenCalledWith({
      params: { alert: 'alert-1' },
    });
    expect(states).toEqual([]);

    sdk.call.emit('accept');
    expect(states).toEqual([{ phase: 'connected' }]);

    await call.hangUp();
    expect(sdk.call.disconnect).toHaveBeenCalledTimes(1);
    expect(device.destroy).toHaveBeenCalledTimes(1);
    expect(states).toEqual([{ phase: 'connected' }, { phase: 'ended' }]);

    // Once over, hanging up again does nothing.
    await call.hangUp();
    expect(sdk.call.disconnect).toHaveBeenCalledTimes(1);
  });

  it('ends when the other side hangs up', async () => {
    const sdk = fakeVoiceSdk();
    const states: BrowserCallState[] = [];
    await twilioBrowserPhone(sdk.load).connect(grant, state =>
      states.push(state),
    );

    sdk.call.emit('accept');
    sdk.call.emit('disconnect');

    expect(states).toEqual([{ phase: 'connected' }, { phase: 'ended' }]);
    expect(sdk.devices[0].destroy).toHaveBeenCalled();
  });

  it('ends with the error when the call fails', async () => {
    const sdk = fakeVoiceSdk();
    const states: BrowserCallState[] = [];
    await twilioBrowserPhone(sdk.load).connect(grant, state =>
      states.push(state),
    );
    const microphone = new Error('Permission to use the microphone denied');

    sdk.call.emit('error', microphone);

    expect(sdk.call.disconnect).toHaveBeenCalled();
    expect(states).toEqual([{ phase: 'ended', error: microphone }]);
    expect(sdk.devices[0].destroy).toHaveBeenCalledTimes(1);
  });

  it('releases the Device when the call cannot be placed', async () => {
    const sdk = fakeVoiceSdk(new Error('AccessTokenInvalid'));

    await expect(
      twilioBrowserPhone(sdk.load).connect(grant, jest.fn()),
    ).rejects.toThrow('AccessTokenInvalid');
    expect(sdk.devices[0].destroy).toHaveBeenCalled();
  });

  it('does not load the SDK for a grant without a token', async () => {
    const sdk = fakeVoiceSdk();

    await expect(
      twilioBrowserPhone(sdk.load).connect(
        { ...grant, token: undefined },
        jest.fn(),
      ),
    ).rejects.toThrow('The backend granted no Voice SDK access token');
    expect(sdk.load).not.toHaveBeenCalled();
  });
});
