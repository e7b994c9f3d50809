import type { DialTier } from '@icr/plugin-incoming-call-common';

/**
 * When and how a tier rings: its place in the plan ("First", "Then"), its
 * repeat and delay, and that its responders are rung one after another,
 * e.g. "First: one after another in random order, each rung for 25 s" or
 * "Then after 5 min: rung for 25 s".
 */
export function tierLabel(
  tier: DialTier,
  index: number,
  ringTimeoutSeconds: number,
): string {
  const when = [index === 0 ? 'First' : 'Then'];
  if (tier.pass > 0) when.push(`repeat ${tier.pass}`);
  if (tier.delayMinutes > 0) when.push(`after ${tier.delayMinutes} min`);
  const ring = `rung for ${ringTimeoutSeconds} s`;
  // The immediate tier is shuffled for every call.
  const order = tier.delayMinutes === 0 ? ' in random order' : '';
  const how =
    tier.users.length > 1 ? `one after another${order}, each ${ring}` : ring;
  return `${when.join(' ')}: ${how}`;
}
