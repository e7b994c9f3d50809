/**
 * Tiny audio files built byte by byte, with the headers real encoders
 * write, for the sniffing, upload and playback tests.
 */

const bytesOf = (text: string) => Buffer.from(text, 'latin1');

const u16le = (n: number) => Buffer.from([n & 0xff, n >> 8]);
const u32le = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const u32be = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

const MP3_FRAMES = {
  /** MPEG-1 layer III, 128 kbit/s, 44.1 kHz, no padding: 417 bytes. */
  1: { header: [0xff, 0xfb, 0x90, 0x64], length: 417 },
  /** MPEG-2 layer III, 8 kbit/s, 16 kHz: 36 bytes. */
  2: { header: [0xff, 0xf3, 0x18, 0xc4], length: 36 },
};

/** `count` silent MP3 frames of MPEG version 1 or 2. */
export function mp3Frames(count: number, version: 1 | 2 = 1): Buffer {
  const { header, length } = MP3_FRAMES[version];
  const frame = Buffer.alloc(length);
  frame.set(header);
  return Buffer.concat(Array.from({ length: count }, () => frame));
}

/** An MP3 as most tools write it: an ID3v2.4 tag, then frames. */
export function mp3WithId3Tag(): Buffer {
  const tag = Buffer.from([
    ...bytesOf('ID3'),
    4,
    0,
    0,
    // Syncsafe size: 10 bytes of tag body follow.
    0,
    0,
    0,
    10,
    ...Buffer.alloc(10),
  ]);
  return Buffer.concat([tag, mp3Frames(2)]);
}

/** A RIFF chunk, padded to an even length. */
const chunk = (id: string, body: Buffer) =>
  Buffer.concat([
    bytesOf(id),
    u32le(body.length),
    body,
    body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0),
  ]);

/** WAV audio, 8 kHz mono: PCM (tag 1) unless told μ-law (tag 7). */
export function wavFile(
  options: {
    formatTag?: number;
    /** WAVE_FORMAT_EXTENSIBLE with the tag in its sub-format GUID. */
    extensible?: boolean;
    /** A chunk of odd length before `fmt `, as some editors write. */
    leadingChunk?: boolean;
  } = {},
): Buffer {
  const tag = options.formatTag ?? 1;
  const bits = tag === 1 ? 16 : 8;
  const common = Buffer.concat([
    u16le(options.extensible ? 0xfffe : tag),
    u16le(1),
    u32le(8000),
    u32le((8000 * bits) / 8),
    u16le(bits / 8),
    u16le(bits),
  ]);
  const fmt = options.extensible
    ? Buffer.concat([
        common,
        u16le(22),
        u16le(bits),
        u32le(4),
        u16le(tag),
        Buffer.from('000000001000800000aa00389b71', 'hex'),
      ])
    : common;
  const body = Buffer.concat([
    bytesOf('WAVE'),
    options.leadingChunk ? chunk('LIST', bytesOf('INFOabc')) : Buffer.alloc(0),
    chunk('fmt ', fmt),
    chunk('data', ulawSamples(800)),
  ]);
  return Buffer.concat([bytesOf('RIFF'), u32le(body.length), body]);
}

/** AIFF (or AIFF-C) with a COMM chunk and no sound data. */
export function aiffFile(type: 'AIFF' | 'AIFC' = 'AIFF'): Buffer {
  const comm = Buffer.concat([bytesOf('COMM'), u32be(18), Buffer.alloc(18)]);
  const body = Buffer.concat([bytesOf(type), comm]);
  return Buffer.concat([bytesOf('FORM'), u32be(body.length), body]);
}

/** Raw GSM 06.10: 33-byte frames, each starting with the nibble 0xD. */
export function gsmFrames(count: number): Buffer {
  return Buffer.concat(
    Array.from({ length: count }, (_, i) =>
      Buffer.from([
        0xd0 | i % 16,
        ...Array.from({ length: 32 }, (__, j) => (i * 7 + j * 13) & 0xff),
      ]),
    ),
  );
}

/** Raw μ-law: a 400 Hz tone at 8 kHz, encoded as G.711 does. */
export function ulawSamples(count: number): Buffer {
  return Buffer.from(
    Array.from({ length: count }, (_, i) =>
      linearToUlaw(Math.round(8000 * Math.sin((2 * Math.PI * 400 * i) / 8000))),
    ),
  );
}

/** G.711 μ-law encoding of one 16-bit sample. */
function linearToUlaw(sample: number): number {
  const BIAS = 0x84;
  const sign = sample < 0 ? 0x80 : 0;
  const magnitude = Math.min(Math.abs(sample), 32635) + BIAS;
  let exponent = 7;
  for (
    let mask = 0x4000;
    (magnitude & mask) === 0 && exponent > 0;
    mask >>= 1
  ) {
    exponent--;
  }
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}
