import {
  type Integration,
  defaultIntegrationConfig,
} from '@icr/plugin-incoming-call-common';
import { decideIncomingCall } from '../domain/arrival/decideIncomingCall';
import {
  enqueueTwiml,
  incomingCallTwiml,
  menuRetryTwiml,
  nobodyAnsweredTwiml,
} from './twiml';
import { TwilioUrls } from './TwilioUrls';

const urls = new TwilioUrls({
  webhooks: 'https://calls.example.com/api/incoming-call/webhooks',
  audio: (id: string) =>
    `https://calls.example.com/api/incoming-call/media/${id}?signed=1`,
});
const played = (id: string) =>
  `<Play>https://calls.example.com/api/incoming-call/media/${id}?signed=1</Play>`;

const base = defaultIntegrationConfig({
  ref: 'group:default/platform',
  title: 'Platform',
});

const answer = (config: Partial<Integration['config']>) =>
  incomingCallTwiml(
    decideIncomingCall({
      callSid: 'CA1',
      from: '+4930555000',
      integration: {
        id: 'i1',
        teamRef: 'group:default/platform',
        config: { ...base, ...config },
        version: 1,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
        updatedBy: 'user:default/ana',
      },
    }),
    urls,
  );

describe('TwiML with uploaded audio', () => {
  it('plays an uploaded welcome from its signed link, then queues the caller with the uploaded hold music', () => {
    expect(
      answer({
        welcome: { type: 'audio', audioId: 'welcome-1' },
        holdMusic: { audioId: 'music-1' },
      }),
    ).toBe(
      `<?xml version="1.0" encoding="UTF-8"?><Response>${played('welcome-1')}` +
        '<Enqueue action="https://calls.example.com/api/incoming-call/webhooks/queue-left" waitUrl="https://calls.example.com/api/incoming-call/webhooks/line-wait?audio=music-1">call-CA1</Enqueue>' +
        '</Response>',
    );
  });

  it("queues the caller with the line's wait document without an upload", () => {
    expect(answer({})).toContain(
      '<Enqueue action="https://calls.example.com/api/incoming-call/webhooks/queue-left" waitUrl="https://calls.example.com/api/incoming-call/webhooks/line-wait">call-CA1</Enqueue>',
    );
    expect(enqueueTwiml('call-CA1', null, urls)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Enqueue action="https://calls.example.com/api/incoming-call/webhooks/queue-left" waitUrl="https://calls.example.com/api/incoming-call/webhooks/line-wait">call-CA1</Enqueue></Response>',
    );
  });

  it('queues a caller who chose a menu option with the hold music too', () => {
    expect(enqueueTwiml('call-CA1', { audioId: 'a b' }, urls)).toContain(
      '<Enqueue action="https://calls.example.com/api/incoming-call/webhooks/queue-left" waitUrl="https://calls.example.com/api/incoming-call/webhooks/line-wait?audio=a%20b">call-CA1</Enqueue>',
    );
  });

  it('plays an uploaded menu prompt inside the Gather, so a key interrupts it', () => {
    const prompt = { type: 'audio', audioId: 'menu-1' } as const;
    const twiml = answer({
      autoAttendant: {
        enabled: true,
        prompt,
        options: [
          { key: '1', label: 'Support', recipients: ['user:default/ana'] },
        ],
      },
    });
    expect(twiml).toContain(
      `<Gather numDigits="1" timeout="8" action="${
        urls.webhooks
      }/menu?attempt=1">${played('menu-1')}</Gather>`,
    );
    expect(menuRetryTwiml('en-US', prompt, urls, false)).toContain(
      `action="${urls.webhooks}/menu?attempt=2">${played('menu-1')}</Gather>`,
    );
  });

  it('plays an uploaded voicemail prompt before the recording', () => {
    const prompt = { type: 'audio', audioId: 'vm-1' } as const;
    expect(
      answer({ usersToTry: 0, voicemail: { enabled: true, prompt } }),
    ).toContain(`${played('vm-1')}<Record`);
    expect(nobodyAnsweredTwiml('voicemail', 'en-US', prompt, urls)).toContain(
      `${played('vm-1')}<Record`,
    );
  });
});
