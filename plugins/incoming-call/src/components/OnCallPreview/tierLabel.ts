import type { DialTier } from '@icr/plugin-incoming-call-common';

/** When a tier rings, e.g. "After 5 minutes" or "Repeat 1, at once". */
export function tierLabel(tier: DialTier): string {
  const minutes = tier.delayMinutes;
  const when =
    minutes === 0
      ? // The immediate tier is shuffled for every call.
        `at once${tier.users.length > 1 ? ' (in random order)' : ''}`
      : `after ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  return tier.pass > 0
    ? `Repeat ${tier.pass}, ${when}`
    : `${when[0].toUpperCase()}${when.slice(1)}`;
}
