import type { BrowserCall, BrowserPhone } from './BrowserPhone';

/** The parts of the Voice SDK's `Call` used here, so tests can pass a fake. */
export interface VoiceCall {
  on(event: 'accept' | 'disconnect', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  disconnect(): void;
}

/** The parts of the Voice SDK's `Device` used here. */
export interface VoiceDevice {
  connect(options: { params: Record<string, string> }): Promise<VoiceCall>;
  destroy(): void;
}

export type VoiceDeviceClass = new (
  token: string,
  options: { closeProtection: boolean },
) => VoiceDevice;

/**
 * Loaded only when someone takes a call: the SDK is large and needs WebRTC,
 * which neither the rest of the app nor the tests do.
 */
async function loadVoiceSdkDevice(): Promise<VoiceDeviceClass> {
  return (await import('@twilio/voice-sdk')).Device;
}

/**
 * The browser as a Twilio Client: the TwiML app sends its call to the
 * backend's `browser-connect` webhook, which bridges it to the caller.
 */
export function twilioBrowserPhone(
  loadDevice: () => Promise<VoiceDeviceClass> = loadVoiceSdkDevice,
): BrowserPhone {
  return {
    async connect(grant, onChange): Promise<BrowserCall> {
      if (!grant.token) {
        throw new Error('The backend granted no Voice SDK access token');
      }
      const Device = await loadDevice();
      // The browser asks before a page with the caller on the line is left.
      const device = new Device(grant.token, { closeProtection: true });
      let call: VoiceCall;
      try {
        call = await device.connect({ params: grant.params });
      } catch (error) {
        device.destroy();
        throw error;
      }

      let ended = false;
      const end = (error?: Error) => {
        if (ended) return;
        ended = true;
        device.destroy();
        onChange({ phase: 'ended', ...(error && { error }) });
      };
      call.on('accept', () => onChange({ phase: 'connected' }));
      call.on('disconnect', () => end());
      // A call error (microphone refused, media or signalling lost) leaves
      // nothing worth keeping up. Ended first, so the error is what is told.
      call.on('error', error => {
        end(error);
        call.disconnect();
      });

      return {
        async hangUp() {
          if (ended) return;
          call.disconnect();
          end();
        },
      };
    },
  };
}
