import type {
  DialPlan,
  IntegrationDialPlan,
  PlannedUser,
} from '@icr/plugin-incoming-call-common';

/** Every plan a call to the integration may follow: its recipients', or each menu option's. */
export function plansOf(plan: IntegrationDialPlan | undefined): DialPlan[] {
  if (!plan) return [];
  return plan.recipients
    ? [plan.recipients]
    : plan.menuOptions.map(option => option.plan);
}

/** Everyone a call may ring, once each (somebody on several tiers has one phone). */
export function respondersOf(
  plan: IntegrationDialPlan | undefined,
): (PlannedUser & { phone: string })[] {
  return plansOf(plan)
    .flatMap(p => p.tiers.flatMap(tier => tier.users))
    .filter(
      // The backend shows phones to the team's members only.
      (user, index, all): user is PlannedUser & { phone: string } =>
        user.phone !== undefined &&
        all.findIndex(other => other.phone === user.phone) === index,
    );
}

/**
 * The plan a caller follows: the recipients', or that of the menu option
 * their first key chose (`*` for any other key); undefined before they chose.
 */
export function planOfCaller(
  plan: IntegrationDialPlan | undefined,
  keys: readonly string[],
): DialPlan | undefined {
  if (!plan) return undefined;
  if (plan.recipients) return plan.recipients;
  const [key] = keys;
  if (key === undefined) return undefined;
  return (
    plan.menuOptions.find(option => option.key === key) ??
    plan.menuOptions.find(option => option.key === '*')
  )?.plan;
}

/**
 * What a caller waits for once `legsPlaced` responders have been rung, one
 * after another, and none is ringing: the next tier, when its delay is
 * longer than the last one's, e.g. "Waiting for the next tier, 5 min after
 * the first ring (Carol Chen)". Undefined when the next responder rings at
 * once, or nobody is left.
 */
export function waitingFor(
  plan: DialPlan,
  legsPlaced: number,
): string | undefined {
  const steps = plan.tiers.flatMap(tier => tier.users.map(() => ({ tier })));
  const last = steps[legsPlaced - 1];
  const next = steps[legsPlaced];
  if (!last || !next || next.tier.delayMinutes <= last.tier.delayMinutes) {
    return undefined;
  }
  const names = next.tier.users.map(user => user.displayName).join(', ');
  return `Waiting for the next tier, ${next.tier.delayMinutes} min after the first ring (${names})`;
}
