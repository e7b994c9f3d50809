import { z } from 'zod';

/**
 * Why an entry is not a valid blocklist entry, or undefined when it is.
 * The rules: it starts with `+`, it has at least 3 characters, a `*` may only
 * stand at the end (it makes the entry a prefix), and the rest are digits.
 * Alert rules match numbers in the same syntax: `what` names the entry in
 * the messages ("A number to match starts with +").
 *
 * @public
 */
export function blocklistEntryProblem(
  entry: string,
  what = 'A blocklist entry',
): string | undefined {
  if (!entry.startsWith('+')) {
    return `${what} starts with + (e.g. +4930123 or +1900*)`;
  }
  if (entry.length < 3) {
    return `${what} has at least 3 characters (e.g. +1*)`;
  }
  const star = entry.indexOf('*');
  if (star !== -1 && star !== entry.length - 1) {
    return 'A * may only stand at the end of an entry, where it makes it a prefix';
  }
  const digits = star === -1 ? entry.slice(1) : entry.slice(1, -1);
  if (!/^\d*$/.test(digits)) {
    return `${what} holds only digits after the + (and an optional * at the end)`;
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

/**
 * Country calling codes of one and two digits (E.164 assigns them prefix
 * free); every other code has three.
 */
const ONE_DIGIT_CODES = ['1', '7'];
const TWO_DIGIT_CODES = new Set(
  (
    '20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 ' +
    '57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'
  ).split(' '),
);

/**
 * The country calling code the digits of a number start with, or undefined
 * when they are too few to tell (`3` starts many codes).
 */
function countryCallingCodeOf(digits: string): string | undefined {
  if (ONE_DIGIT_CODES.includes(digits.slice(0, 1))) return digits.slice(0, 1);
  if (TWO_DIGIT_CODES.has(digits.slice(0, 2))) return digits.slice(0, 2);
  return digits.length >= 3 ? digits.slice(0, 3) : undefined;
}

/** The digits after the country code a prefix needs to be a narrow one. */
const NARROW_PREFIX_DIGITS = 3;

/**
 * Why a valid blocklist entry blocks more callers than one likely means, or
 * undefined when it does not: a prefix shorter than a country code plus 3
 * digits (`+1*` is all of North America, `+4930*` all of Berlin).
 *
 * @public
 */
export function broadBlocklistPrefix(entry: string): string | undefined {
  if (!entry.endsWith('*') || blocklistEntryProblem(entry)) {
    return undefined;
  }
  const digits = entry.slice(1, -1);
  const code = countryCallingCodeOf(digits);
  if (code === undefined) {
    return `${entry} blocks every caller from all the countries whose code starts with +${digits}`;
  }
  if (digits.length >= code.length + NARROW_PREFIX_DIGITS) {
    return undefined;
  }
  if (digits === code) {
    const region = code === '1' ? ' (all of North America)' : '';
    return `${entry} blocks every caller from country code +${code}${region}`;
  }
  return `${entry} blocks every caller whose number starts with +${digits}, a whole area of country code +${code}`;
}
