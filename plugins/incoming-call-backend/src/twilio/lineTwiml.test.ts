import { leaveLineTwiml, lineWaitTwiml } from './lineTwiml';
import { TwilioUrls } from './TwilioUrls';

const HOOKS = 'https://calls.example.com/api/incoming-call/webhooks';
const urls = new TwilioUrls({
  webhooks: HOOKS,
  audio: (id: string) => `https://calls.example.com/media/${id}`,
});
const XML = '<?xml version="1.0" encoding="UTF-8"?>';

describe("the line's wait document", () => {
  it('announces the place, the wait and the key, then plays the uploaded music, all inside the Gather of the key', () => {
    const twiml = lineWaitTwiml(
      {
        announcement: {
          language: 'de-DE',
          position: 2,
          wait: { kind: 'about', minutes: 3 },
          voicemailKey: '9',
        },
        holdMusicAudioId: 'music-1',
      },
      urls,
    );
    expect(twiml).toBe(
      `${XML}<Response><Gather numDigits="1" timeout="2" action="${HOOKS}/line-key">` +
        '<Say language="de-DE" voice="Polly.Vicki">Sie sind Nummer 2 in der Warteschlange. ' +
        'Die voraussichtliche Wartezeit beträgt etwa 3 Minuten. ' +
        'Drücken Sie die 9, um stattdessen eine Nachricht zu hinterlassen.</Say>' +
        '<Play>https://calls.example.com/media/music-1</Play>' +
        '</Gather></Response>',
    );
  });

  it('plays the built-in wait tone for a minute without uploaded music', () => {
    expect(
      lineWaitTwiml(
        {
          announcement: {
            language: 'en-US',
            position: 1,
            wait: { kind: 'unknown' },
          },
        },
        urls,
      ),
    ).toBe(
      `${XML}<Response><Gather numDigits="1" timeout="2" action="${HOOKS}/line-key">` +
        '<Say language="en-US" voice="Polly.Joanna">You are next in line.</Say>' +
        '<Play loop="6">https://calls.example.com/media/built-in-wait-tone</Play>' +
        '</Gather></Response>',
    );
  });

  it('plays only the music to a caller who is not in the line', () => {
    expect(lineWaitTwiml({ holdMusicAudioId: 'music-1' }, urls)).toBe(
      `${XML}<Response><Play>https://calls.example.com/media/music-1</Play></Response>`,
    );
    expect(lineWaitTwiml({}, urls)).toBe(
      `${XML}<Response><Play loop="6">https://calls.example.com/media/built-in-wait-tone</Play></Response>`,
    );
  });

  it('leaves the queue for the voicemail', () => {
    expect(leaveLineTwiml()).toBe(`${XML}<Response><Leave/></Response>`);
  });
});
