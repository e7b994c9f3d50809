import type { DialPlan } from '@icr/plugin-incoming-call-common';
import { type DialPlanInput, dialPlan, type ExtraRecipients } from './dialPlan';

/**
 * The plan of `input` with an alert rule's extra recipients after it: their
 * own plan (capped by the same "users to try"), as passes after the last
 * of the plan's own, so that they ring, and are notified, once everyone
 * the plan rings has been tried; their escalations' delays and repeats
 * count from there. Users the plan rings already are not rung again. A
 * voicemail-only plan stays one. Pure.
 */
export function planWithExtras(
  input: DialPlanInput,
  extra?: ExtraRecipients,
): DialPlan {
  const own = dialPlan(input);
  if (!extra || extra.recipients.length === 0 || own.voicemailOnly) {
    return own;
  }
  const more = dialPlan({
    ...input,
    recipients: extra.recipients,
    via: `an extra recipient of rule '${extra.ruleName}'`,
  });
  const rung = new Set(own.tiers.flatMap(t => t.users.map(u => u.userRef)));
  const firstPass =
    own.tiers.length === 0 ? 0 : Math.max(...own.tiers.map(t => t.pass)) + 1;
  const reported = new Set(own.skipped.map(s => s.userRef));
  return {
    tiers: [
      ...own.tiers,
      ...more.tiers.flatMap(tier => {
        const users = tier.users.filter(u => !rung.has(u.userRef));
        return users.length === 0
          ? []
          : [{ ...tier, pass: firstPass + tier.pass, users }];
      }),
    ],
    skipped: [
      ...own.skipped,
      ...more.skipped.filter(s => !reported.has(s.userRef)),
    ],
    voicemailOnly: false,
  };
}
