import fc from 'fast-check';
import {
  aiffFile,
  gsmFrames,
  mp3Frames,
  mp3WithId3Tag,
  ulawSamples,
  wavFile,
} from '../../__testUtils__/audioSamples';
import { sniffAudio } from './sniffAudio';

const audio = (format: string, muLaw = false) => ({
  kind: 'audio',
  format,
  muLaw,
});
const unknown = { kind: 'unknown' };
const other = (description: string) => ({ kind: 'other', description });

/** A copy of `bytes` with `at` onwards replaced. */
const patched = (bytes: Buffer, at: number, replacement: number[]) => {
  const copy = Buffer.from(bytes);
  copy.set(replacement, at);
  return copy;
};

describe('sniffAudio', () => {
  describe('MP3', () => {
    it('recognises an ID3v2 tag', () => {
      expect(sniffAudio(mp3WithId3Tag())).toEqual(audio('mp3'));
    });

    it('refuses an ID3 tag with a version or size no tagger writes', () => {
      const tagged = mp3WithId3Tag();
      expect(sniffAudio(patched(tagged, 3, [9]))).toEqual(unknown);
      expect(sniffAudio(patched(tagged, 4, [0xff]))).toEqual(unknown);
      expect(sniffAudio(patched(tagged, 8, [0x80]))).toEqual(unknown);
      expect(sniffAudio(Buffer.from('ID3'))).not.toEqual(audio('mp3'));
    });

    it('recognises MPEG-1 and MPEG-2 layer III frames without a tag', () => {
      expect(sniffAudio(mp3Frames(3, 1))).toEqual(audio('mp3'));
      expect(sniffAudio(mp3Frames(3, 2))).toEqual(audio('mp3'));
    });

    it('takes a single frame as it is, having nothing to cross-check', () => {
      expect(sniffAudio(mp3Frames(1))).toEqual(audio('mp3'));
    });

    it('needs the second frame where the first one says it ends', () => {
      const frames = mp3Frames(2);
      expect(sniffAudio(patched(frames, 417, [0x12, 0x34]))).toEqual(unknown);
      // One byte off: the header is not at the computed length.
      expect(
        sniffAudio(
          Buffer.concat([frames.subarray(0, 416), frames.subarray(417)]),
        ),
      ).toEqual(unknown);
    });

    it.each([
      ['layer I', [0xff, 0xff, 0x90, 0x64]],
      ['layer II', [0xff, 0xfd, 0x90, 0x64]],
      ['the reserved version', [0xff, 0xeb, 0x90, 0x64]],
      ['a free-format bitrate', [0xff, 0xfb, 0x00, 0x64]],
      ['the invalid bitrate', [0xff, 0xfb, 0xf0, 0x64]],
      ['the reserved sample rate', [0xff, 0xfb, 0x9c, 0x64]],
      ['no frame sync', [0xff, 0x1b, 0x90, 0x64]],
    ])('refuses a frame header with %s', (_, header) => {
      expect(sniffAudio(patched(mp3Frames(2), 0, header))).toEqual(unknown);
    });

    it('does not take μ-law silence (0xFF bytes) for a frame sync', () => {
      expect(sniffAudio(Buffer.alloc(1000, 0xff))).toEqual(unknown);
    });
  });

  describe('WAV', () => {
    it('recognises PCM WAV', () => {
      expect(sniffAudio(wavFile())).toEqual(audio('wav'));
    });

    it('tells a WAV of μ-law samples, plain or extensible', () => {
      expect(sniffAudio(wavFile({ formatTag: 7 }))).toEqual(audio('wav', true));
      expect(sniffAudio(wavFile({ formatTag: 7, extensible: true }))).toEqual(
        audio('wav', true),
      );
      expect(sniffAudio(wavFile({ formatTag: 1, extensible: true }))).toEqual(
        audio('wav'),
      );
    });

    it('finds the fmt chunk after an odd-length chunk', () => {
      expect(sniffAudio(wavFile({ formatTag: 7, leadingChunk: true }))).toEqual(
        audio('wav', true),
      );
    });

    it('survives a header cut short', () => {
      const wav = wavFile({ formatTag: 7 });
      expect(sniffAudio(wav.subarray(0, 21))).toEqual(audio('wav'));
      expect(sniffAudio(wav.subarray(0, 22))).toEqual(audio('wav', true));
    });

    it('names a RIFF file of another type', () => {
      const avi = patched(wavFile(), 8, [...Buffer.from('AVI ')]);
      expect(sniffAudio(avi)).toEqual(
        other('a RIFF file that is not WAVE audio'),
      );
    });
  });

  describe('AIFF', () => {
    it('recognises AIFF and AIFF-C', () => {
      expect(sniffAudio(aiffFile('AIFF'))).toEqual(audio('aiff'));
      expect(sniffAudio(aiffFile('AIFC'))).toEqual(audio('aiff'));
    });

    it('names a FORM file of another type', () => {
      const ilbm = patched(aiffFile(), 8, [...Buffer.from('ILBM')]);
      expect(sniffAudio(ilbm)).toEqual(
        other('a FORM file that is not AIFF audio'),
      );
    });
  });

  describe('GSM', () => {
    it('recognises whole 33-byte frames that each start with 0xD', () => {
      expect(sniffAudio(gsmFrames(1))).toEqual(audio('gsm'));
      expect(sniffAudio(gsmFrames(50))).toEqual(audio('gsm'));
    });

    it('checks the signature of every frame, the last one too', () => {
      const frames = gsmFrames(50);
      expect(sniffAudio(patched(frames, 33 * 49, [0xc5]))).toEqual(unknown);
      expect(sniffAudio(patched(frames, 33 * 20, [0x05]))).toEqual(unknown);
    });

    it('refuses a length that is not a whole number of frames', () => {
      expect(sniffAudio(gsmFrames(3).subarray(0, 98))).toEqual(unknown);
      expect(
        sniffAudio(Buffer.concat([gsmFrames(3), Buffer.from([0xd0])])),
      ).toEqual(unknown);
    });

    it('accepts any frames whose signatures are right, and nothing else', () => {
      fc.assert(
        fc.property(
          fc.array(fc.uint8Array({ minLength: 33, maxLength: 33 }), {
            minLength: 1,
            maxLength: 20,
          }),
          frames => {
            const sniffed = sniffAudio(Buffer.concat(frames));
            const signed = frames.every(f => f[0] >> 4 === 0xd);
            expect(sniffed.kind === 'audio' && sniffed.format === 'gsm').toBe(
              signed,
            );
          },
        ),
      );
    });
  });

  describe('μ-law and everything else', () => {
    it('recognises nothing in raw μ-law samples: they have no header', () => {
      expect(sniffAudio(ulawSamples(8000))).toEqual(unknown);
    });

    it('recognises nothing in an empty file', () => {
      expect(sniffAudio(Buffer.alloc(0))).toEqual(unknown);
    });

    it.each([
      ['OggS\0\x02', 'Ogg audio'],
      ['fLaC\0\0\0\x22', 'FLAC audio'],
      ['\0\0\0\x20ftypM4A ', 'an MP4 or M4A file'],
      ['#!AMR\n', 'AMR audio'],
      ['.snd\0\0\0\x18', 'a Sun audio (.au) file'],
      ['\x1aE\xdf\xa3\x01', 'a WebM or Matroska file'],
      ['\x89PNG\r\n\x1a\n', 'a PNG image'],
      ['\xff\xd8\xff\xe0\0\x10JFIF', 'a JPEG image'],
      ['GIF89a', 'a GIF image'],
      ['%PDF-1.7\n', 'a PDF document'],
      ['PK\x03\x04\x14\0', 'a ZIP archive'],
      ['Hello, this is the Platform hotline.\r\n', 'a text file'],
    ])('names what %j is', (start, description) => {
      const bytes = Buffer.concat([
        Buffer.from(start, 'latin1'),
        start.startsWith('Hello') ? Buffer.alloc(0) : ulawSamples(200),
      ]);
      expect(sniffAudio(bytes)).toEqual(other(description));
    });

    it('never fails, whatever the bytes', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 2000 }), bytes => {
          expect(['audio', 'other', 'unknown']).toContain(
            sniffAudio(bytes).kind,
          );
        }),
      );
    });
  });
});
