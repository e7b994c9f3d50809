import {
  degradedCallTwiml,
  degradedConfirmTwiml,
  degradedDialActionTwiml,
  type DegradedCallState,
} from './degradedTwiml';
import { TwilioUrls } from './TwilioUrls';

const urls = new TwilioUrls({
  webhooks: 'https://calls.example.com/webhooks',
  audio: id => `https://calls.example.com/media/${id}`,
});
const state: DegradedCallState = {
  call: `CA${'1'.repeat(32)}`,
  from: '+15550001111',
  to: '+15550009999',
  language: 'en-US',
  team: 'Platform',
  users: ['user:default/ana', 'user:default/bo'],
  phones: ['+15550000001', '+15550000002'],
  ringSeconds: 20,
  voicemail: true,
};

describe('degraded TwiML', () => {
  it('welcomes, then rings the first responder alone, asking to confirm', () => {
    const xml = degradedCallTwiml({ type: 'text', text: 'Hello' }, state, urls);
    expect(xml).toContain(
      '<Say language="en-US" voice="Polly.Joanna">Hello</Say>',
    );
    expect(xml.match(/<Number /g)).toHaveLength(1);
    expect(xml).toMatch(
      /<Dial timeout="20" action="https:\/\/calls\.example\.com\/webhooks\/degraded-dial\?[^"]*i=0"><Number url="https:\/\/calls\.example\.com\/webhooks\/degraded-confirm\?[^"]*i=0">\+15550000001<\/Number><\/Dial>/,
    );
  });

  it('moves to the next responder, then to the voicemail, and stops once bridged', () => {
    expect(degradedDialActionTwiml(state, 0, 'no-answer', urls)).toContain(
      '>+15550000002</Number>',
    );
    const last = degradedDialActionTwiml(state, 1, 'busy', urls);
    expect(last).toContain('<Record');
    expect(last).toContain('/degraded-recording?');
    expect(degradedDialActionTwiml(state, 0, 'completed', urls)).toContain(
      '<Hangup/>',
    );
    expect(
      degradedDialActionTwiml(
        { ...state, voicemail: false },
        1,
        'no-answer',
        urls,
      ),
    ).toContain('try again later');
  });

  it('asks the responder to press 1; 1 bridges, anything else hangs up', () => {
    const ask = degradedConfirmTwiml(state, 0, undefined, urls);
    expect(ask.match(/<Gather /g)).toHaveLength(2);
    expect(ask).toContain('step=key');
    expect(degradedConfirmTwiml(state, 0, '1', urls)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response/>',
    );
    expect(degradedConfirmTwiml(state, 0, '2', urls)).toContain('<Hangup/>');
    expect(degradedConfirmTwiml(state, 0, '', urls)).toContain('<Hangup/>');
  });
});
