import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { z } from 'zod';

/**
 * Usage and cost of the hotline numbers for a month (`GET /usage`), and the
 * call analytics of a period (`GET /analytics`): for one team (`team`, a
 * Group entity ref) or, without it, the whole organisation. Money is in
 * whole cents (integers, so sums never drift); every cost is an estimate
 * from the configured prices, not Twilio's bill.
 */

/** The longest period analytics cover, in days (a leap year). @public */
export const ANALYTICS_MAX_DAYS = 366;

/** @public */
export const usageQuerySchema = z.object({
  month: z
    .string({ message: 'month is required, as YYYY-MM (e.g. 2026-12)' })
    .regex(
      /^\d{4}-(0[1-9]|1[0-2])$/,
      'month is a month as YYYY-MM, e.g. 2026-12',
    ),
  team: z.string().min(1, 'team is a Group entity ref').optional(),
});
/** @public */
export type UsageQuery = z.infer<typeof usageQuerySchema>;

/** Whether the runtime knows `timeZone` as an IANA time zone. */
function isTimeZone(timeZone: string): boolean {
  try {
    // Throws a RangeError for a zone it does not know.
    return Boolean(new Intl.DateTimeFormat('en', { timeZone }));
  } catch {
    return false;
  }
}

const isoTime = (name: string) =>
  z
    .string({ message: `${name} is required, an ISO 8601 time` })
    .datetime({ offset: true, message: `${name} is an ISO 8601 time` });

/** @public */
export const analyticsQuerySchema = z
  .object({
    from: isoTime('from'),
    to: isoTime('to'),
    team: z.string().min(1, 'team is a Group entity ref').optional(),
    tz: z
      .string()
      .refine(isTimeZone, 'tz is an IANA time zone, e.g. Europe/Berlin')
      .default('UTC'),
  })
  // Written to hold when a time is not one (NaN): only its own message then.
  .refine(q => !(Date.parse(q.to) <= Date.parse(q.from)), {
    message: 'from is before to',
    path: ['from'],
  })
  .refine(
    q =>
      !(
        Date.parse(q.to) - Date.parse(q.from) >
        ANALYTICS_MAX_DAYS * 24 * 60 * 60 * 1000
      ),
    {
      message: `the period is at most ${ANALYTICS_MAX_DAYS} days`,
      path: ['to'],
    },
  );
/** @public */
export type AnalyticsQuery = z.infer<typeof analyticsQuerySchema>;

/** The prices the estimates use, from `incomingCall.pricing`. @public */
export interface UsagePricing {
  /** A number's monthly fee. */
  numberMonthlyCents: number;
  /** A minute forwarded to a US or Canadian number. */
  domesticMinuteCents: number;
  /** A minute forwarded anywhere else. */
  internationalMinuteCents: number;
  /** How many numbers of the organisation cost no monthly fee. */
  freeNumbers: number;
}

/**
 * One hotline number's month: the calls it took, the minutes forwarded to
 * responders (each leg rounded up to whole minutes, split by the leg's
 * destination) and its monthly fee (0 when no longer held, or free).
 *
 * @public
 */
export interface NumberUsage {
  number: string;
  teamRef: string;
  /** Whether the number is held now (its fee is counted). */
  held: boolean;
  calls: number;
  minutesDomestic: number;
  minutesInternational: number;
  monthlyFeeCents: number;
}

/** @public */
export interface UsageTotals {
  calls: number;
  minutesDomestic: number;
  minutesInternational: number;
  numbersHeld: number;
  /** Of `numbersHeld`, those without a fee. */
  freeNumbers: number;
  numberFeesCents: number;
  domesticCostCents: number;
  internationalCostCents: number;
  /** The month's estimate: number fees plus forwarded minutes. */
  estimateCents: number;
}

/** `GET /usage`: a month's usage and its estimated cost. @public */
export interface Usage {
  /** YYYY-MM, in UTC. */
  month: string;
  currency: 'USD';
  scope: 'team' | 'organisation';
  /** The team, when `scope` is `team`. */
  teamRef?: string;
  pricing: UsagePricing;
  numbers: NumberUsage[];
  totals: UsageTotals;
  /** Always true: the figures estimate the bill from configured prices. */
  isEstimate: true;
}

/**
 * A responder over the period: the times they were rung (each responder
 * leg; an escalation that repeats rings them again on the same call), the
 * times they answered (were connected to the caller), and the rest.
 *
 * @public
 */
export interface ResponderAnalytics {
  userRef: string;
  /** From the catalog, when known. */
  displayName?: string;
  rung: number;
  answered: number;
  missed: number;
}

/** `GET /analytics`: how the hotline performed over a period. @public */
export interface CallAnalytics {
  from: string;
  to: string;
  scope: 'team' | 'organisation';
  teamRef?: string;
  /** Calls accepted (an alert each); blocked calls are counted apart. */
  calls: number;
  answered: number;
  /** answered / calls, 0 to 1; null without calls. */
  answerRate: number | null;
  /**
   * Seconds from the call's arrival to the answering responder picking up,
   * over the answered calls (nearest-rank percentiles); null without any.
   */
  timeToAnswerSeconds: { p50: number | null; p90: number | null };
  /** The caller hung up before anyone answered. */
  abandoned: number;
  voicemails: number;
  /** Calls refused by the blocklist. */
  blocked: number;
  /** The 100 most rung, most first. */
  responders: ResponderAnalytics[];
  /** Calls by hour of day (0–23) in `timeZone`. */
  byHourOfDay: number[];
  /** Calls by weekday in `timeZone`, Monday first. */
  byWeekday: number[];
  timeZone: string;
}

/**
 * Whether a responder's number is domestic for pricing: a US or Canadian
 * number (by libphonenumber-js); anything else, other +1 countries among
 * them, is international.
 *
 * @public
 */
export function isUsCanadaNumber(e164: string): boolean {
  const country = parsePhoneNumberFromString(e164)?.country;
  return country === 'US' || country === 'CA';
}

/** Cents as the currency reads, e.g. 1234 → "$12.34". @public */
export function formatCents(cents: number, currency: 'USD' = 'USD'): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(
    cents / 100,
  );
}
