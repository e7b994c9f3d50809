import {
  aiffFile,
  gsmFrames,
  mp3Frames,
  mp3WithId3Tag,
  ulawSamples,
  wavFile,
} from '../../__testUtils__/audioSamples';
import { checkAudioUpload } from './checkAudioUpload';

const ALLOWED = 'Upload a .mp3, .wav, .gsm, .aif or .ulaw file';

describe('checkAudioUpload', () => {
  it.each([
    ['welcome.mp3', mp3WithId3Tag(), 'mp3'],
    ['WELCOME.MP3', mp3Frames(4), 'mp3'],
    ['welcome.wav', wavFile(), 'wav'],
    ['welcome.wav', wavFile({ formatTag: 7 }), 'wav'],
    ['welcome.gsm', gsmFrames(10), 'gsm'],
    ['welcome.aif', aiffFile(), 'aiff'],
    ['welcome.aiff', aiffFile('AIFC'), 'aiff'],
    ['welcome.ulaw', ulawSamples(4000), 'ulaw'],
  ])('accepts %s with matching content', (name, bytes, format) => {
    expect(checkAudioUpload(name, bytes)).toEqual({ ok: true, format });
  });

  it('keeps a μ-law WAV named .ulaw as WAV, since its header must be played as one', () => {
    expect(checkAudioUpload('hold.ulaw', wavFile({ formatTag: 7 }))).toEqual({
      ok: true,
      format: 'wav',
    });
  });

  it.each([
    [
      'hold.ulaw',
      wavFile(),
      'hold.ulaw holds WAV audio, not raw μ-law audio: rename it to .wav and upload it again',
    ],
    [
      'hold.ulaw',
      mp3Frames(3),
      'hold.ulaw holds MP3 audio, not raw μ-law audio: rename it to .mp3 and upload it again',
    ],
    [
      'welcome.mp3',
      wavFile(),
      'welcome.mp3 holds WAV audio, not MP3 audio: rename it to .wav and upload it again',
    ],
    [
      'welcome.wav',
      aiffFile(),
      'welcome.wav holds AIFF audio, not WAV audio: rename it to .aif and upload it again',
    ],
    [
      'welcome.gsm',
      mp3WithId3Tag(),
      'welcome.gsm holds MP3 audio, not GSM 06.10 audio: rename it to .mp3 and upload it again',
    ],
  ])('refuses %s whose content is another format', (name, bytes, message) => {
    expect(checkAudioUpload(name, bytes)).toEqual({ ok: false, message });
  });

  it.each([
    [
      'welcome.mp3',
      ulawSamples(4000),
      `${ALLOWED}; this one is named welcome.mp3 but is not MP3 audio: it starts with neither an ID3 tag nor an MPEG layer III frame`,
    ],
    [
      'welcome.gsm',
      gsmFrames(3).subarray(0, 90),
      `${ALLOWED}; this one is named welcome.gsm but is not GSM 06.10 audio: it is not made of 33-byte GSM 06.10 frames, each starting with the nibble 0xD`,
    ],
    [
      'welcome.wav',
      ulawSamples(100),
      `${ALLOWED}; this one is named welcome.wav but is not WAV audio: it has no RIFF header of type WAVE`,
    ],
    [
      'welcome.aif',
      ulawSamples(100),
      `${ALLOWED}; this one is named welcome.aif but is not AIFF audio: it has no FORM header of type AIFF or AIFC`,
    ],
  ])('refuses %s that is not audio of its format', (name, bytes, message) => {
    expect(checkAudioUpload(name, bytes)).toEqual({ ok: false, message });
  });

  it('names what a file that is not audio is, whatever it is called', () => {
    const png = Buffer.concat([
      Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
      ulawSamples(100),
    ]);
    expect(checkAudioUpload('logo.ulaw', png)).toEqual({
      ok: false,
      message: `${ALLOWED}; this one (logo.ulaw) is a PNG image`,
    });
    expect(checkAudioUpload('notes.mp3', Buffer.from('Hello\n'))).toEqual({
      ok: false,
      message: `${ALLOWED}; this one (notes.mp3) is a text file`,
    });
    expect(checkAudioUpload('song.ogg', Buffer.from('OggS\0\x02'))).toEqual({
      ok: false,
      message: `${ALLOWED}; this one (song.ogg) is Ogg audio`,
    });
  });

  it('refuses another extension, saying what the content is when it can', () => {
    expect(checkAudioUpload('welcome.au', ulawSamples(100))).toEqual({
      ok: false,
      message: `${ALLOWED}; this one is named welcome.au`,
    });
    expect(checkAudioUpload('welcome', mp3Frames(2))).toEqual({
      ok: false,
      message: `${ALLOWED}; this one is named welcome but holds MP3 audio: rename it to .mp3`,
    });
  });

  it('refuses an empty file', () => {
    expect(checkAudioUpload('welcome.ulaw', Buffer.alloc(0))).toEqual({
      ok: false,
      message: 'welcome.ulaw is empty',
    });
  });
});
