import { LANGUAGE_CODES } from '@icr/plugin-incoming-call-common';
import { NEXT_CALLER_PROMPT, OFFER_PROMPTS } from './offerPrompts';
import {
  nextCallerOfferTwiml,
  offerEndTwiml,
  responderBridgeTwiml,
} from './offerTwiml';
import { PROMPTS } from './prompts';
import { TwilioUrls } from './TwilioUrls';

const urls = new TwilioUrls({
  webhooks: 'https://calls.example.com/api/incoming-call/webhooks',
  audio: (id: string) => `https://calls.example.com/media/${id}`,
});
const leg = { callSid: 'CA1', index: 2 };
const HOOKS = 'https://calls.example.com/api/incoming-call/webhooks';

describe('the bridge of a confirmed responder', () => {
  it("dials the caller's queue, with the after-call offer as the Dial action", () => {
    expect(responderBridgeTwiml('queue-CA1', leg, urls)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        `<Dial action="${HOOKS}/after-call?call=CA1&amp;leg=2"><Queue>queue-CA1</Queue></Dial>` +
        '</Response>',
    );
  });
});

describe('the offer of the next caller', () => {
  it("says who waits, digit by digit, asks twice for 1 or 2 on the offer's URL, then says goodbye", () => {
    const twiml = nextCallerOfferTwiml(
      { callerNumber: '+4930555000', language: 'en-US' },
      leg,
      urls,
    );
    const say =
      '<Say language="en-US" voice="Polly.Joanna">Another caller is waiting: 4 9 3, 0 5 5, 5 0 0, 0. ' +
      'Press 1 for the next caller, 2 to stop taking calls.</Say>';
    const gather = `<Gather numDigits="1" timeout="10" action="${HOOKS}/next-caller?call=CA1&amp;leg=2">${say}</Gather>`;
    expect(twiml).toBe(
      `<?xml version="1.0" encoding="UTF-8"?><Response>${gather}${gather}` +
        '<Say language="en-US" voice="Polly.Joanna">Goodbye.</Say><Hangup/></Response>',
    );
  });

  it("speaks the waiting caller's call in its language, after saying in the ended call's that its caller left", () => {
    const twiml = nextCallerOfferTwiml(
      { callerNumber: 'anonymous', language: 'de-DE' },
      leg,
      urls,
      'fr-FR',
    );
    expect(twiml).toContain(
      `<Response><Say language="fr-FR" voice="Polly.Lea">${OFFER_PROMPTS.callerLeft['fr-FR']}</Say><Gather`,
    );
    expect(twiml).toContain(
      '<Say language="de-DE" voice="Polly.Vicki">Ein weiterer Anrufer wartet: unbekannte Nummer.',
    );
    expect(twiml).toContain('Auf Wiederhören.</Say><Hangup/>');
  });

  it('ends with nobody waiting, or stopped taking calls, and hangs up', () => {
    expect(offerEndTwiml('en-GB', 'nobodyWaiting')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Say language="en-GB" voice="Polly.Amy">Nobody else is waiting. Thank you.</Say><Hangup/>' +
        '</Response>',
    );
    expect(offerEndTwiml('en-US', 'stoppedTaking', true)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Say language="en-US" voice="Polly.Joanna">The caller hung up before you were connected.</Say>' +
        '<Say language="en-US" voice="Polly.Joanna">You will get no more calls from the line for the next hour. Goodbye.</Say>' +
        '<Hangup/></Response>',
    );
  });
});

describe('the prompts of the offer', () => {
  const nonEnglish = LANGUAGE_CODES.filter(l => !l.startsWith('en-'));

  it.each(LANGUAGE_CODES)(
    'has every prompt in %s, naming the caller and both keys',
    language => {
      const offer = NEXT_CALLER_PROMPT[language]({ caller: '4 9 3' });
      expect(offer).toContain('4 9 3');
      expect(offer).toMatch(/1\D.*2/);
      for (const prompt of Object.values(OFFER_PROMPTS)) {
        expect(prompt[language].length).toBeGreaterThan(5);
      }
    },
  );

  it.each(nonEnglish)('is translated in %s, not English', language => {
    const english = NEXT_CALLER_PROMPT['en-US']({ caller: '4 9 3' });
    expect(NEXT_CALLER_PROMPT[language]({ caller: '4 9 3' })).not.toBe(english);
    for (const prompt of Object.values(OFFER_PROMPTS)) {
      expect(prompt[language]).not.toBe(prompt['en-US']);
    }
    // It ends the way the other prompts of the language say goodbye.
    expect(OFFER_PROMPTS.stoppedTaking[language]).toContain(
      PROMPTS.goodbye[language].replace(/\.$/, ''),
    );
  });
});
