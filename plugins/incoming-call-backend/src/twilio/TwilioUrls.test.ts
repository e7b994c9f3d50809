import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_MAX_UPLOAD_BYTES,
  readAudioConfig,
} from '../config/audioConfig';
import { secondsLeftOnMediaLink } from '../domain/audio/mediaSignature';
import { systemClock } from '../lib/clock';
import { createTwilioUrls } from './TwilioUrls';

const webhookBaseUrl = async () =>
  'https://calls.example.com/api/incoming-call/webhooks';

const configOf = (incomingCall: object) =>
  readAudioConfig(new ConfigReader({ incomingCall }));

/** Whether `url` is signed with the key of `config`. */
const signedWith = (url: string, config: ReturnType<typeof configOf>) => {
  const link = new URL(url);
  return (
    secondsLeftOnMediaLink({
      id: link.pathname.split('/').pop()!,
      expires: link.searchParams.get('expires'),
      signature: link.searchParams.get('signature'),
      key: config.signingKey!,
      now: new Date(),
    }) !== undefined
  );
};

describe('TwiML URLs', () => {
  it('serves media next to the webhooks, signed with a key from the auth token', async () => {
    const config = configOf({ twilio: { authToken: 'token' } });
    const urls = await createTwilioUrls({
      webhookBaseUrl,
      mediaBaseUrl: config.mediaBaseUrl,
      signingKey: config.signingKey!,
      clock: systemClock,
    })();

    expect(urls.webhooks).toBe(
      'https://calls.example.com/api/incoming-call/webhooks',
    );
    const url = urls.audio('a1');
    expect(url).toMatch(
      /^https:\/\/calls\.example\.com\/api\/incoming-call\/media\/a1\?expires=\d+&signature=/,
    );
    expect(signedWith(url, config)).toBe(true);
    // The key is derived: the auth token itself signs nothing here.
    expect(config.signingKey?.equals(Buffer.from('token'))).toBe(false);
  });

  it('uses the configured media URL and signing secret', async () => {
    const config = configOf({
      twilio: { authToken: 'token' },
      audio: {
        signingSecret: 'media secret',
        mediaBaseUrl: 'https://media.example.com/icr/',
        maxUploadBytes: 1000,
      },
    });
    const url = (
      await createTwilioUrls({
        webhookBaseUrl,
        mediaBaseUrl: config.mediaBaseUrl,
        signingKey: config.signingKey!,
        clock: systemClock,
      })()
    ).audio('a1');

    expect(url.startsWith('https://media.example.com/icr/a1?')).toBe(true);
    expect(signedWith(url, config)).toBe(true);
    expect(signedWith(url, configOf({ twilio: { authToken: 'token' } }))).toBe(
      false,
    );
    expect(config.maxUploadBytes).toBe(1000);
  });

  it('has no key without a secret, and 5 MiB uploads by default', () => {
    expect(configOf({})).toEqual({
      maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES,
      signingKey: undefined,
      mediaBaseUrl: undefined,
    });
    expect(DEFAULT_MAX_UPLOAD_BYTES).toBe(5 * 1024 * 1024);
  });
});
