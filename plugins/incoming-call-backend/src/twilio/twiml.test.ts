import { LANGUAGE_CODES } from '@icr/plugin-incoming-call-common';
import { PROMPTS, spokenNumber } from './prompts';
import {
  confirmTwiml,
  goodbyeTwiml,
  menuRetryTwiml,
  thankYouTwiml,
} from './twiml';
import { TwilioUrls } from './TwilioUrls';

const urls = new TwilioUrls({
  webhooks: 'https://calls.example.com/api/incoming-call/webhooks',
  audio: (id: string) => `https://calls.example.com/media/${id}`,
});
const leg = { callSid: 'CA1', index: 2 };

describe('spokenNumber', () => {
  it('spells a number out digit by digit, in groups of three', () => {
    expect(spokenNumber('+4930555000', 'en-US')).toBe('4 9 3, 0 5 5, 5 0 0, 0');
    expect(spokenNumber('+14155550101', 'de-DE')).toBe(
      '1 4 1, 5 5 5, 5 0 1, 0 1',
    );
  });

  it('says "unknown" for a withheld number, in the language', () => {
    expect(spokenNumber('anonymous', 'en-US')).toBe('unknown number');
    expect(spokenNumber('anonymous', 'fr-FR')).toBe('numéro inconnu');
  });
});

describe('what a responder hears', () => {
  it("announces the team, the caller's number and the option chosen, asks twice, then says goodbye", () => {
    const twiml = confirmTwiml(
      'en-US',
      {
        team: 'Platform hotline',
        callerNumber: '+4930555000',
        option: 'Sales',
      },
      leg,
      urls,
    );
    const gather =
      '<Gather numDigits="1" timeout="10" action="https://calls.example.com/api/incoming-call/webhooks/responder-confirm?call=CA1&amp;leg=2">' +
      '<Say language="en-US" voice="Polly.Joanna">Incoming support call for Platform hotline. Caller: 4 9 3, 0 5 5, 5 0 0, 0. Option: Sales. Press 1 to take the call.</Say>' +
      '</Gather>';
    expect(twiml).toBe(
      `<?xml version="1.0" encoding="UTF-8"?><Response>${gather}${gather}` +
        '<Say language="en-US" voice="Polly.Joanna">Goodbye.</Say><Hangup/></Response>',
    );
  });

  it('leaves the option out when there is no menu, in every language', () => {
    for (const language of LANGUAGE_CODES) {
      const twiml = confirmTwiml(
        language,
        { team: 'Platform', callerNumber: '+4930555000' },
        leg,
        urls,
      );
      expect(twiml).toContain('4 9 3, 0 5 5, 5 0 0, 0');
      expect(twiml).toContain(`>${PROMPTS.goodbye[language]}</Say><Hangup/>`);
    }
  });
});

describe('what a caller hears after a failure', () => {
  const prompt = { type: 'text', text: 'Press 1 for support.' } as const;

  it('tells no key from a wrong key when asking once more', () => {
    expect(menuRetryTwiml('en-US', prompt, urls, true)).toContain(
      '>Sorry, we did not receive your choice.</Say>',
    );
    expect(menuRetryTwiml('de-DE', prompt, urls, false)).toContain(
      '>Diese Auswahl gibt es leider nicht.</Say>',
    );
  });

  it('is a neutral goodbye; thanks are for a voicemail left', () => {
    expect(goodbyeTwiml('en-US')).toContain('>Goodbye.</Say><Hangup/>');
    expect(thankYouTwiml('en-US')).toContain(
      '>Thank you. Goodbye.</Say><Hangup/>',
    );
  });
});
