/**
 * The plugin's own wait music, for queues without uploaded hold music: a
 * soft two-note chime every five seconds, so that a waiting caller hears
 * the line is alive without relying on any host outside the plugin. Served
 * by the media route under `WAIT_TONE_ID` (never an upload's id, which is a
 * UUID) and looped by the wait document.
 */
export const WAIT_TONE_ID = 'built-in-wait-tone';

/** How long one play of the tone lasts (s). */
export const WAIT_TONE_SECONDS = 10;

/** Telephone quality: 8 kHz, 16-bit, mono. */
const SAMPLE_RATE = 8000;
const CHIME_EVERY_SECONDS = 5;
/** The chime's notes: E5 then C5, each ringing out. */
const NOTES = [
  { startSeconds: 0, hz: 659.25 },
  { startSeconds: 0.45, hz: 523.25 },
];
/** A quarter of full scale: quiet beside speech. */
const AMPLITUDE = 0.25 * 32767;
const ATTACK_SECONDS = 0.01;
const DECAY_SECONDS = 0.3;

/** The level of one note `t` seconds after it starts. */
function note(hz: number, t: number): number {
  if (t < 0) return 0;
  const envelope =
    Math.min(1, t / ATTACK_SECONDS) * Math.exp(-t / DECAY_SECONDS);
  // A touch of the octave makes it a chime rather than a beep.
  const wave =
    0.8 * Math.sin(2 * Math.PI * hz * t) + 0.2 * Math.sin(4 * Math.PI * hz * t);
  return envelope * wave;
}

/** The tone as a PCM WAV file. */
export function waitToneWav(): Buffer {
  const samples = SAMPLE_RATE * WAIT_TONE_SECONDS;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16); // the fmt chunk's size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(SAMPLE_RATE, 24);
  wav.writeUInt32LE(SAMPLE_RATE * 2, 28); // bytes a second
  wav.writeUInt16LE(2, 32); // bytes a sample
  wav.writeUInt16LE(16, 34); // bits a sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    const t = (i / SAMPLE_RATE) % CHIME_EVERY_SECONDS;
    const level = NOTES.reduce(
      (sum, { startSeconds, hz }) => sum + note(hz, t - startSeconds),
      0,
    );
    wav.writeInt16LE(Math.round(AMPLITUDE * level), 44 + i * 2);
  }
  return wav;
}
