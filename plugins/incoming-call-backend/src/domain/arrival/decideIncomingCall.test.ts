import {
  type Integration,
  defaultIntegrationConfig,
} from '@icr/plugin-incoming-call-common';
import { decideMenuChoice } from '../menu/decideMenuChoice';
import { decideIncomingCall } from './decideIncomingCall';
import { incomingCallTwiml } from '../../twilio/twiml';
import { TwilioUrls } from '../../twilio/TwilioUrls';

const BASE = 'https://calls.example.com/api/incoming-call/webhooks';
const twimlOf = (decision: Parameters<typeof incomingCallTwiml>[0]) =>
  incomingCallTwiml(
    decision,
    new TwilioUrls({ webhooks: BASE, audio: id => `media/${id}` }),
  );

const integration = (
  changes: Partial<Integration['config']> = {},
): Integration => ({
  id: 'i1',
  teamRef: 'group:default/platform',
  config: {
    ...defaultIntegrationConfig({
      ref: 'group:default/platform',
      title: 'Platform',
    }),
    blocklist: ['+1900*', '+4930123456'],
    ...changes,
  },
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: 'user:default/ana',
});

const call = { callSid: 'CA1', from: '+14155550100' };

describe('decideIncomingCall', () => {
  it('greets and queues a caller of an enabled integration', () => {
    const decision = decideIncomingCall({
      ...call,
      integration: integration({ language: 'de-DE' }),
    });
    expect(decision).toMatchObject({
      kind: 'accepted',
      language: 'de-DE',
      next: { kind: 'queue', queue: 'call-CA1' },
    });
    expect(twimlOf(decision)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Say language="de-DE" voice="Polly.Vicki">You have reached the Platform support line. Please hold while we connect you to the engineer on call.</Say>' +
        '<Enqueue action="https://calls.example.com/api/incoming-call/webhooks/queue-left" waitUrl="https://calls.example.com/api/incoming-call/webhooks/line-wait">call-CA1</Enqueue></Response>',
    );
  });

  it('rejects blocked callers, by number and by prefix, before anything else', () => {
    for (const from of ['+19005550100', '+4930123456']) {
      const decision = decideIncomingCall({
        ...call,
        from,
        integration: integration(),
      });
      expect(decision.kind).toBe('rejected');
      expect(twimlOf(decision)).toBe(
        '<?xml version="1.0" encoding="UTF-8"?><Response><Reject reason="rejected"/></Response>',
      );
    }
    expect(
      decideIncomingCall({
        ...call,
        from: '+49301234567',
        integration: integration(),
      }).kind,
    ).toBe('accepted');
  });

  it('tells callers of an unknown or disabled number it is not in service, in its language', () => {
    expect(
      twimlOf(decideIncomingCall({ ...call, integration: undefined })),
    ).toContain(
      '<Say language="en-US" voice="Polly.Joanna">This number is not in service. Goodbye.</Say><Hangup/>',
    );
    expect(
      twimlOf(
        decideIncomingCall({
          ...call,
          integration: integration({ enabled: false, language: 'fr-FR' }),
        }),
      ),
    ).toContain(
      '<Say language="fr-FR" voice="Polly.Lea">Ce numéro n\'est pas en service. Au revoir.</Say><Hangup/>',
    );
  });

  it('plays an audio welcome instead of speaking one', () => {
    const decision = decideIncomingCall({
      ...call,
      integration: integration({ welcome: { type: 'audio', audioId: 'a1' } }),
    });
    expect(twimlOf(decision)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Play>media/a1</Play><Enqueue action="https://calls.example.com/api/incoming-call/webhooks/queue-left" waitUrl="https://calls.example.com/api/incoming-call/webhooks/line-wait">call-CA1</Enqueue></Response>',
    );
  });

  it('sends callers straight to voicemail when users to try is 0', () => {
    const decision = decideIncomingCall({
      ...call,
      integration: integration({
        usersToTry: 0,
        recipients: [],
        language: 'sv-SE',
      }),
    });
    expect(decision).toMatchObject({
      kind: 'accepted',
      next: { kind: 'voicemail', prompt: null },
    });
    const twiml = twimlOf(decision);
    expect(twiml).toContain(
      '<Say language="sv-SE" voice="Polly.Astrid">Ingen är tillgänglig just nu. Lämna ett meddelande efter tonen.</Say>',
    );
    expect(twiml).toContain(
      `<Record action="${BASE}/voicemail-done" recordingStatusCallback="${BASE}/recording" recordingStatusCallbackEvent="completed" maxLength="180" playBeep="true" transcribe="true" transcribeCallback="${BASE}/transcription"/>`,
    );
  });

  it('uses the custom voicemail prompt when there is one', () => {
    const decision = decideIncomingCall({
      ...call,
      integration: integration({
        usersToTry: 0,
        voicemail: {
          enabled: true,
          prompt: { type: 'text', text: 'Leave us a note.' },
        },
      }),
    });
    expect(twimlOf(decision)).toContain('>Leave us a note.</Say><Record');
  });

  it('asks callers to try later when nobody is dialled and voicemail is off', () => {
    const decision = decideIncomingCall({
      ...call,
      integration: integration({
        usersToTry: 0,
        voicemail: { enabled: false, prompt: null },
      }),
    });
    expect(decision).toMatchObject({ next: { kind: 'try-later' } });
    expect(twimlOf(decision)).toContain(
      '>Nobody is available right now. Please try again later. Goodbye.</Say><Hangup/>',
    );
  });
});

describe('decideMenuChoice', () => {
  const option = (key: '1' | '2' | '*', label: string) => ({
    key,
    label,
    recipients: ['user:default/ana'],
  });
  const menu = (withDefault: boolean) => ({
    enabled: true,
    prompt: {
      type: 'text' as const,
      text: 'Press 1 for support, 2 for sales.',
    },
    options: [
      option('1', 'Support'),
      option('2', 'Sales'),
      ...(withDefault ? [option('*', 'Anything else')] : []),
    ],
  });

  it('picks the option of the key pressed', () => {
    expect(decideMenuChoice(menu(false), '2', 1)).toMatchObject({
      kind: 'option',
      option: { label: 'Sales' },
    });
  });

  it('sends any other key to the * option', () => {
    expect(decideMenuChoice(menu(true), '7', 1)).toMatchObject({
      kind: 'option',
      option: { label: 'Anything else' },
    });
    expect(decideMenuChoice(menu(true), '1', 2)).toMatchObject({
      option: { label: 'Support' },
    });
  });

  it('sends a caller who presses nothing to the * option: no key is not a wrong key', () => {
    expect(decideMenuChoice(menu(true), '', 1)).toMatchObject({
      kind: 'option',
      option: { label: 'Anything else' },
    });
  });

  it('asks once more after an unknown key or none, then gives up, telling the two apart', () => {
    expect(decideMenuChoice(menu(false), '7', 1)).toEqual({
      kind: 'retry',
      noInput: false,
    });
    expect(decideMenuChoice(menu(false), '', 1)).toEqual({
      kind: 'retry',
      noInput: true,
    });
    expect(decideMenuChoice(menu(false), '7', 2)).toEqual({
      kind: 'give-up',
      noInput: false,
    });
    expect(decideMenuChoice(menu(false), '', 2)).toEqual({
      kind: 'give-up',
      noInput: true,
    });
  });

  it('greets and asks for a key when the auto-attendant is on', () => {
    const decision = decideIncomingCall({
      ...call,
      integration: integration({ autoAttendant: menu(false) }),
    });
    expect(decision).toMatchObject({ next: { kind: 'menu' } });
    expect(twimlOf(decision)).toContain(
      `<Gather numDigits="1" timeout="8" action="${BASE}/menu?attempt=1"><Say language="en-US" voice="Polly.Joanna">Press 1 for support, 2 for sales.</Say></Gather><Redirect>${BASE}/menu?attempt=1</Redirect>`,
    );
  });
});
