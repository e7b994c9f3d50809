import { z } from 'zod';

/**
 * Why an entry is not a valid blocklist entry, or undefined when it is.
 * The rules: it starts with `+`, it has at least 3 characters, a `*` may only
 * stand at the end (it makes the entry a prefix), and the rest are digits.
 *
 * @public
 */
export function blocklistEntryProblem(entry: string): string | undefined {
  if (!entry.startsWith('+')) {
    return 'A blocklist entry starts with + (e.g. +4930123 or +1900*)';
  }
  if (entry.length < 3) {
    return 'A blocklist entry has at least 3 characters (e.g. +1*)';
  }
  const star = entry.indexOf('*');
  if (star !== -1 && star !== entry.length - 1) {
    return 'A * may only stand at the end of an entry, where it makes it a prefix';
  }
  const digits = star === -1 ? entry.slice(1) : entry.slice(1, -1);
  if (!/^\d*$/.test(digits)) {
    return 'A blocklist entry holds only digits after the + (and an optional * at the end)';
  }
  return undefined;
}

/** @public */
export const blocklistEntrySchema = z
  .string()
  .trim()
  .superRefine((entry, ctx) => {
    const problem = blocklistEntryProblem(entry);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * Whether a caller's E.164 number is caught by an entry: an exact number, or
 * a prefix when the entry ends with `*`.
 *
 * @public
 */
export function blocklistMatches(entry: string, caller: string): boolean {
  return entry.endsWith('*')
    ? caller.startsWith(entry.slice(0, -1))
    : caller === entry;
}

/** @public */
export function isBlocked(blocklist: readonly string[], caller: string) {
  return blocklist.some(entry => blocklistMatches(entry, caller));
}
