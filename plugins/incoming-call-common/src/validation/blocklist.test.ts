import fc from 'fast-check';
import {
  blocklistEntryProblem,
  broadBlocklistPrefix,
  blocklistEntrySchema,
  isBlocked,
} from './blocklist';

describe('blocklist entries', () => {
  it.each([
    ['+4930123456', undefined],
    ['+1900*', undefined],
    ['+1*', undefined],
    ['+12', undefined],
    ['4930123', 'A blocklist entry starts with + (e.g. +4930123 or +1900*)'],
    ['+1', 'A blocklist entry has at least 3 characters (e.g. +1*)'],
    ['+', 'A blocklist entry has at least 3 characters (e.g. +1*)'],
    [
      '+1*9',
      'A * may only stand at the end of an entry, where it makes it a prefix',
    ],
    [
      '+1**',
      'A * may only stand at the end of an entry, where it makes it a prefix',
    ],
    [
      '+1-900',
      'A blocklist entry holds only digits after the + (and an optional * at the end)',
    ],
  ])('%s -> %s', (entry, problem) => {
    expect(blocklistEntryProblem(entry)).toBe(problem);
    expect(blocklistEntrySchema.safeParse(entry).success).toBe(
      problem === undefined,
    );
  });

  it('blocks exact numbers and prefixes, nothing else', () => {
    const list = ['+4930123456', '+1900*'];
    expect(isBlocked(list, '+4930123456')).toBe(true);
    expect(isBlocked(list, '+49301234567')).toBe(false);
    expect(isBlocked(list, '+19005550100')).toBe(true);
    expect(isBlocked(list, '+18005550100')).toBe(false);
    expect(isBlocked([], '+19005550100')).toBe(false);
  });

  it('a prefix entry blocks exactly the numbers that start with it', () => {
    const digits = fc.stringMatching(/^\d{1,8}$/);
    fc.assert(
      fc.property(digits, digits, (prefix, rest) => {
        expect(isBlocked([`+${prefix}*`], `+${prefix}${rest}`)).toBe(true);
        expect(isBlocked([`+${prefix}*`], `+${rest}`)).toBe(
          `+${rest}`.startsWith(`+${prefix}`),
        );
      }),
    );
  });
});

describe('broad blocklist prefixes', () => {
  it.each([
    [
      '+1*',
      '+1* blocks every caller from country code +1 (all of North America)',
    ],
    ['+49*', '+49* blocks every caller from country code +49'],
    [
      '+3*',
      '+3* blocks every caller from all the countries whose code starts with +3',
    ],
    [
      '+4930*',
      '+4930* blocks every caller whose number starts with +4930, a whole area of country code +49',
    ],
    ['+1900*', undefined],
    ['+49301*', undefined],
    ['+353*', '+353* blocks every caller from country code +353'],
    ['+353123*', undefined],
    ['+1', undefined],
    ['+14155550100', undefined],
    ['1*', undefined],
  ])('%s -> %s', (entry, warning) => {
    expect(broadBlocklistPrefix(entry)).toBe(warning);
  });
});
