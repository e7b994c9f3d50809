/**
 * Recognises audio by its content, whatever the file is called. Raw μ-law
 * has no header, so it is never recognised here: any byte sequence is valid
 * μ-law, and the most one can say is that a file is not something else.
 */
export type SniffedContent =
  /** Audio Twilio plays; `muLaw` marks a WAV file of μ-law samples. */
  | { kind: 'audio'; format: 'mp3' | 'wav' | 'gsm' | 'aiff'; muLaw: boolean }
  /** Something recognisable that Twilio does not play, e.g. "a PNG image". */
  | { kind: 'other'; description: string }
  /** Nothing recognisable: headerless samples, or anything else. */
  | { kind: 'unknown' };

const ascii = (bytes: Uint8Array, at: number, length: number) =>
  String.fromCharCode(...bytes.subarray(at, at + length));

const u16le = (bytes: Uint8Array, at: number) =>
  bytes[at] | (bytes[at + 1] << 8);

const u32le = (bytes: Uint8Array, at: number) =>
  (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16)) +
  bytes[at + 3] * 0x1000000;

/** An ID3v2 tag: "ID3", version 2-4, a revision, flags, a syncsafe size. */
function startsWithId3Tag(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 10 &&
    ascii(bytes, 0, 3) === 'ID3' &&
    bytes[3] >= 2 &&
    bytes[3] <= 4 &&
    bytes[4] !== 0xff &&
    [6, 7, 8, 9].every(i => bytes[i] < 0x80)
  );
}

// Layer III bitrates in kbit/s by index (0 is "free", 15 is invalid).
const MPEG1_KBPS = [
  0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
];
const MPEG2_KBPS = [
  0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160,
];
// Sample rates by the version bits: 0 MPEG-2.5, 1 reserved, 2 MPEG-2, 3 MPEG-1.
const SAMPLE_RATES = [
  [11025, 12000, 8000],
  [],
  [22050, 24000, 16000],
  [44100, 48000, 32000],
];

/**
 * The length in bytes of the MPEG layer III frame whose header is at `at`,
 * or undefined when there is no valid header there. Free-format frames
 * (no bitrate) are not accepted: their length cannot be checked.
 */
function mp3FrameLength(bytes: Uint8Array, at: number): number | undefined {
  if (at + 4 > bytes.length) return undefined;
  const [b0, b1, b2] = [bytes[at], bytes[at + 1], bytes[at + 2]];
  const version = (b1 >> 3) & 3;
  const layer = (b1 >> 1) & 3;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (
    b0 !== 0xff ||
    (b1 & 0xe0) !== 0xe0 ||
    version === 1 ||
    layer !== 1 ||
    bitrateIndex === 0 ||
    bitrateIndex === 15 ||
    rateIndex === 3
  ) {
    return undefined;
  }
  const mpeg1 = version === 3;
  const bitrate = (mpeg1 ? MPEG1_KBPS : MPEG2_KBPS)[bitrateIndex] * 1000;
  const sampleRate = SAMPLE_RATES[version][rateIndex];
  const padding = (b2 >> 1) & 1;
  return Math.floor(((mpeg1 ? 144 : 72) * bitrate) / sampleRate) + padding;
}

/**
 * An MP3 without a tag starts with a frame. One frame header is only a
 * few bits of evidence, so when the file goes on, the next frame must start
 * where the first one says it ends.
 */
function startsWithMp3Frames(bytes: Uint8Array): boolean {
  const length = mp3FrameLength(bytes, 0);
  if (length === undefined) return false;
  return (
    bytes.length < length + 4 || mp3FrameLength(bytes, length) !== undefined
  );
}

/** Whether a WAV file's `fmt ` chunk names μ-law (format tag 7). */
function isMuLawWav(bytes: Uint8Array): boolean {
  const MU_LAW = 7;
  const EXTENSIBLE = 0xfffe;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = ascii(bytes, at, 4);
    const size = u32le(bytes, at + 4);
    if (id === 'fmt ' && size >= 2 && at + 10 <= bytes.length) {
      const tag = u16le(bytes, at + 8);
      // WAVE_FORMAT_EXTENSIBLE keeps the real tag at the start of its GUID.
      if (tag === EXTENSIBLE && size >= 26 && at + 34 <= bytes.length) {
        return u16le(bytes, at + 32) === MU_LAW;
      }
      return tag === MU_LAW;
    }
    // Chunks are padded to an even length.
    at += 8 + size + (size % 2);
  }
  return false;
}

const GSM_FRAME_BYTES = 33;

/**
 * Raw GSM 06.10 (as Twilio and sox write it): 33-byte frames, each of which
 * starts with the signature nibble 0xD. Every frame is checked, so random
 * data passes with a chance of 1 in 16 per frame.
 */
function isGsm(bytes: Uint8Array): boolean {
  if (bytes.length === 0 || bytes.length % GSM_FRAME_BYTES !== 0) return false;
  for (let at = 0; at < bytes.length; at += GSM_FRAME_BYTES) {
    if (bytes[at] >> 4 !== 0xd) return false;
  }
  return true;
}

/** Common files people upload by mistake, to say what they are. */
const OTHER_SIGNATURES: Array<{
  at: number;
  magic: string;
  description: string;
}> = [
  { at: 0, magic: 'OggS', description: 'Ogg audio' },
  { at: 0, magic: 'fLaC', description: 'FLAC audio' },
  { at: 4, magic: 'ftyp', description: 'an MP4 or M4A file' },
  { at: 0, magic: '#!AMR', description: 'AMR audio' },
  { at: 0, magic: '.snd', description: 'a Sun audio (.au) file' },
  { at: 0, magic: '\x1aE\xdf\xa3', description: 'a WebM or Matroska file' },
  { at: 0, magic: '\x89PNG', description: 'a PNG image' },
  { at: 0, magic: '\xff\xd8\xff', description: 'a JPEG image' },
  { at: 0, magic: 'GIF8', description: 'a GIF image' },
  { at: 0, magic: '%PDF', description: 'a PDF document' },
  { at: 0, magic: 'PK\x03\x04', description: 'a ZIP archive' },
];

/**
 * Text: the first 512 bytes are printable ASCII or line breaks. Real μ-law
 * audio never is: its samples swing both ways, and positive ones are bytes
 * from 0x80 up.
 */
function isText(bytes: Uint8Array): boolean {
  const start = bytes.subarray(0, 512);
  return (
    start.length > 0 &&
    start.every(
      b => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f),
    )
  );
}

/** What a file's content is, from its first bytes (all of them for GSM). */
export function sniffAudio(bytes: Uint8Array): SniffedContent {
  const container = ascii(bytes, 0, 4);
  const type = ascii(bytes, 8, 4);
  if (container === 'RIFF' && type === 'WAVE') {
    return { kind: 'audio', format: 'wav', muLaw: isMuLawWav(bytes) };
  }
  if (container === 'FORM' && (type === 'AIFF' || type === 'AIFC')) {
    return { kind: 'audio', format: 'aiff', muLaw: false };
  }
  if (startsWithId3Tag(bytes) || startsWithMp3Frames(bytes)) {
    return { kind: 'audio', format: 'mp3', muLaw: false };
  }
  if (isGsm(bytes)) {
    return { kind: 'audio', format: 'gsm', muLaw: false };
  }
  if (container === 'RIFF') {
    return { kind: 'other', description: 'a RIFF file that is not WAVE audio' };
  }
  if (container === 'FORM') {
    return { kind: 'other', description: 'a FORM file that is not AIFF audio' };
  }
  const other = OTHER_SIGNATURES.find(
    s => ascii(bytes, s.at, s.magic.length) === s.magic,
  );
  if (other) return { kind: 'other', description: other.description };
  if (isText(bytes)) return { kind: 'other', description: 'a text file' };
  return { kind: 'unknown' };
}
