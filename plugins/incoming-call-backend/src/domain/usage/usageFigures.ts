import type {
  NumberUsage,
  Usage,
  UsagePricing,
} from '@icr/plugin-incoming-call-common';

/** A hotline number held now, and its team. */
export interface HeldNumber {
  number: string;
  teamRef: string;
}

/** What the database counted for one number over the month. */
export interface NumberCounts {
  number: string;
  teamRef: string;
  calls: number;
  minutesDomestic: number;
  minutesInternational: number;
}

/**
 * A month's usage and its estimate, in whole cents, of the team (or the
 * organisation) whose numbers and counts are given.
 */
export function usageFigures(input: {
  month: string;
  teamRef?: string;
  pricing: UsagePricing;
  /** The numbers held now. */
  held: HeldNumber[];
  /**
   * The organisation's numbers without a fee: its first
   * `pricing.freeNumbers` in the order of their digits, so that a team's
   * view and the organisation's agree on which they are.
   */
  free: string[];
  /** Per number, over the month. */
  counts: NumberCounts[];
}): Usage {
  const { pricing, teamRef } = input;
  const free = new Set(input.free);
  const key = (n: { number: string; teamRef: string }) =>
    `${n.teamRef} ${n.number}`;
  const numbers = new Map<string, NumberUsage>();
  for (const h of input.held) {
    numbers.set(key(h), {
      number: h.number,
      teamRef: h.teamRef,
      held: true,
      calls: 0,
      minutesDomestic: 0,
      minutesInternational: 0,
      monthlyFeeCents: free.has(h.number) ? 0 : pricing.numberMonthlyCents,
    });
  }
  for (const c of input.counts) {
    const known = numbers.get(key(c));
    numbers.set(key(c), {
      number: c.number,
      teamRef: c.teamRef,
      held: known?.held ?? false,
      calls: c.calls,
      minutesDomestic: c.minutesDomestic,
      minutesInternational: c.minutesInternational,
      monthlyFeeCents: known?.monthlyFeeCents ?? 0,
    });
  }
  const list = [...numbers.values()].sort(
    (a, b) =>
      a.teamRef.localeCompare(b.teamRef) || a.number.localeCompare(b.number),
  );
  const sum = (pick: (n: NumberUsage) => number) =>
    list.reduce((total, n) => total + pick(n), 0);
  const minutesDomestic = sum(n => n.minutesDomestic);
  const minutesInternational = sum(n => n.minutesInternational);
  const numberFeesCents = sum(n => n.monthlyFeeCents);
  const domesticCostCents = minutesDomestic * pricing.domesticMinuteCents;
  const internationalCostCents =
    minutesInternational * pricing.internationalMinuteCents;
  const held = list.filter(n => n.held);
  return {
    month: input.month,
    currency: 'USD',
    scope: teamRef === undefined ? 'organisation' : 'team',
    ...(teamRef !== undefined && { teamRef }),
    pricing,
    numbers: list,
    totals: {
      calls: sum(n => n.calls),
      minutesDomestic,
      minutesInternational,
      numbersHeld: held.length,
      freeNumbers: held.filter(n => free.has(n.number)).length,
      numberFeesCents,
      domesticCostCents,
      internationalCostCents,
      estimateCents:
        numberFeesCents + domesticCostCents + internationalCostCents,
    },
    isEstimate: true,
  };
}
