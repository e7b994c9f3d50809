/**
 * The bytes an HTTP `Range` header asks for, of a body of `size` bytes:
 * one range (`bytes=a-b`, `bytes=a-`, `bytes=-n`), `'unsatisfiable'` when it
 * starts past the end, or undefined for none or one not understood (several
 * ranges, other units): the whole body is then sent, as HTTP allows.
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

/** The timeline line of a voicemail, with its transcript once there is one. */
export function voicemailMessage(
  durationSeconds: number,
  transcript?: string | null,
): string {
  const left = `Voicemail left (${durationSeconds} s)`;
  return transcript ? `${left}: “${transcript}”` : left;
}
