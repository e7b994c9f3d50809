import { rfc2822 } from './webhooks';

/** A voicemail the network recorded with `<Record>`. */
export interface RecordingRecord {
  sid: string;
  callSid: string;
  durationSeconds: number;
  createdAt: number;
}

/** What the transcription of a message says unless the caller's script says. */
export const DEFAULT_TRANSCRIPT =
  'Hello, this is a test message left on the simulated phone network. Please call me back.';

/** Twilio transcribes messages of 2 to 120 seconds, no others. */
export const isTranscribable = (seconds: number) =>
  seconds >= 2 && seconds <= 120;

const WAV_RATE = 8000;

/**
 * A WAV file as Twilio serves a recording's `.wav`: 8 kHz mono 16-bit PCM,
 * `seconds` long, a quiet 440 Hz tone (so a player has something to show).
 */
export function wavOf(seconds: number): Buffer {
  const samples = Math.round(seconds * WAV_RATE);
  const dataBytes = samples * 2;
  const wav = Buffer.alloc(44 + dataBytes);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + dataBytes, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16); // the fmt chunk's size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(WAV_RATE, 24);
  wav.writeUInt32LE(WAV_RATE * 2, 28); // bytes a second
  wav.writeUInt16LE(2, 32); // bytes a sample frame
  wav.writeUInt16LE(16, 34); // bits a sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < samples; i++) {
    const value = Math.round(
      600 * Math.sin((2 * Math.PI * 440 * i) / WAV_RATE),
    );
    wav.writeInt16LE(value, 44 + i * 2);
  }
  return wav;
}

/*
 * MPEG-1 layer III, 32 kbit/s, 32 kHz, mono, no CRC: 144-byte frames of
 * 1152 samples (36 ms). All-zero side information and main data decode as
 * silence.
 */
const MP3_FRAME_BYTES = 144;
const MP3_FRAME_SECONDS = 1152 / 32000;
const MP3_HEADER = [0xff, 0xfb, 0x18, 0xc0];

/** An MP3 of silence, `seconds` long (to the 36 ms frame), as Twilio's `.mp3`. */
export function mp3Of(seconds: number): Buffer {
  const frames = Math.max(1, Math.round(seconds / MP3_FRAME_SECONDS));
  const mp3 = Buffer.alloc(frames * MP3_FRAME_BYTES);
  for (let f = 0; f < frames; f++) {
    mp3.set(MP3_HEADER, f * MP3_FRAME_BYTES);
  }
  return mp3;
}

/** The REST resource of a recording, in Twilio's shape. */
export function recordingResource(
  accountSid: string,
  recording: RecordingRecord,
) {
  return {
    sid: recording.sid,
    account_sid: accountSid,
    call_sid: recording.callSid,
    api_version: '2010-04-01',
    channels: 1,
    conference_sid: null,
    date_created: rfc2822(recording.createdAt),
    date_updated: rfc2822(recording.createdAt),
    start_time: rfc2822(recording.createdAt - recording.durationSeconds * 1000),
    duration: String(recording.durationSeconds),
    price: null,
    price_unit: 'USD',
    source: 'RecordVerb',
    status: 'completed',
    error_code: null,
    encryption_details: null,
    uri: `/2010-04-01/Accounts/${accountSid}/Recordings/${recording.sid}.json`,
    media_url: `https://api.twilio.com/2010-04-01/Accounts/${accountSid}/Recordings/${recording.sid}`,
  };
}

/**
 * The bytes a `Range` header asks for (`bytes=a-b`, `bytes=a-`, `bytes=-n`;
 * one range), `'unsatisfiable'` when it lies beyond the end, or undefined
 * for none (or one this does not understand: the whole file is sent).
 */
export function byteRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (!match[1] && !match[2])) return undefined;
  let start: number;
  let end: number;
  if (!match[1]) {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}
