import {
  type Integration,
  defaultIntegrationConfig,
} from '@icr/plugin-incoming-call-common';
import { decideIncomingCall } from './decideIncomingCall';
import { incomingCallTwiml } from './twiml';

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
      queue: 'call-CA1',
    });
    expect(incomingCallTwiml(decision)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Say language="de-DE" voice="Polly.Vicki">You have reached the Platform support line. Please hold while we connect you to the engineer on call.</Say>' +
        '<Enqueue>call-CA1</Enqueue></Response>',
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
      expect(incomingCallTwiml(decision)).toBe(
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
      incomingCallTwiml(
        decideIncomingCall({ ...call, integration: undefined }),
      ),
    ).toContain(
      '<Say language="en-US" voice="Polly.Joanna">This number is not in service. Goodbye.</Say><Hangup/>',
    );
    expect(
      incomingCallTwiml(
        decideIncomingCall({
          ...call,
          integration: integration({ enabled: false, language: 'fr-FR' }),
        }),
      ),
    ).toContain(
      '<Say language="fr-FR" voice="Polly.Lea">Ce numéro n\'est pas en service. Au revoir.</Say><Hangup/>',
    );
  });

  it('plays no text welcome when the welcome is an audio file', () => {
    const decision = decideIncomingCall({
      ...call,
      integration: integration({ welcome: { type: 'audio', audioId: 'a1' } }),
    });
    expect(incomingCallTwiml(decision)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Enqueue>call-CA1</Enqueue></Response>',
    );
  });
});
