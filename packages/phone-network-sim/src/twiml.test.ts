import { parseTwiml } from './twiml';

describe('parseTwiml', () => {
  it('reads verbs in order, with attributes, text and nested verbs', () => {
    const verbs = parseTwiml(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Say language="de-DE" voice="Polly.Vicki">Hallo &amp; willkommen</Say>' +
        '<Gather numDigits="1" action="/menu?attempt=1"><Say>Press 1</Say></Gather>' +
        '<Dial><Queue>call-CA1</Queue></Dial><Hangup/></Response>',
    );
    expect(verbs.map(v => v.name)).toEqual(['Say', 'Gather', 'Dial', 'Hangup']);
    expect(verbs[0]).toMatchObject({
      attributes: { language: 'de-DE', voice: 'Polly.Vicki' },
      text: 'Hallo & willkommen',
    });
    expect(verbs[1].attributes.action).toBe('/menu?attempt=1');
    expect(verbs[1].children[0]).toMatchObject({
      name: 'Say',
      text: 'Press 1',
    });
    expect(verbs[2].children[0]).toMatchObject({
      name: 'Queue',
      text: 'call-CA1',
    });
  });

  it('refuses a document that is not TwiML', () => {
    expect(() => parseTwiml('<html><body>Oops</body></html>')).toThrow(
      'Not a TwiML document',
    );
  });
});
