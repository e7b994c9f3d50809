import { WAIT_TONE_SECONDS, waitToneWav } from './waitTone';

describe('the built-in wait tone', () => {
  const wav = waitToneWav();
  const sampleAt = (seconds: number) =>
    Math.abs(wav.readInt16LE(44 + Math.round(seconds * 8000) * 2));
  const peak = (from: number, to: number) => {
    let max = 0;
    for (let s = from; s < to; s += 1 / 8000) max = Math.max(max, sampleAt(s));
    return max;
  };

  it('is a telephone-quality PCM WAV file as long as it says', () => {
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
    expect(wav.readUInt16LE(20)).toBe(1);
    expect(wav.readUInt16LE(22)).toBe(1);
    expect(wav.readUInt32LE(24)).toBe(8000);
    expect(wav.readUInt16LE(34)).toBe(16);
    expect(wav.readUInt32LE(40)).toBe(WAIT_TONE_SECONDS * 8000 * 2);
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
  });

  it('chimes every five seconds, quietly, and is near silent between', () => {
    for (const start of [0, 5]) {
      expect(peak(start, start + 0.2)).toBeGreaterThan(3000);
      expect(peak(start + 0.45, start + 0.7)).toBeGreaterThan(3000);
      expect(peak(start + 3, start + 5)).toBeLessThan(100);
    }
    expect(peak(0, WAIT_TONE_SECONDS)).toBeLessThan(0.3 * 32767);
  });
});
