import {
  type CountryCode,
  getCountries,
  isSupportedCountry,
  parsePhoneNumberFromString,
} from 'libphonenumber-js';
import { z } from 'zod';
import { ALERT_PRIORITIES, type AlertPriority } from '../alert/alert';
import {
  blocklistEntryProblem,
  blocklistMatches,
} from '../validation/blocklist';
import { isE164 } from '../validation/phoneNumber';
import { unique } from '../validation/unique';
import { recipientListSchema } from './recipients';

/** An alert's priority when no rule sets one. @public */
export const DEFAULT_ALERT_PRIORITY: AlertPriority = 'P3';

/** The most rules an integration has: each call is matched against all. @public */
export const MAX_ALERT_RULES = 50;

/** @public */
export const MAX_ALERT_TAG_LENGTH = 32;

/** @public */
export const ALERT_RULE_MATCH_TYPES = ['number', 'prefix', 'country'] as const;

/**
 * The countries a rule can name: ISO 3166-1 alpha-2 codes that have a
 * calling code, as `libphonenumber-js` knows them.
 *
 * @public
 */
export const ALERT_RULE_COUNTRIES: readonly string[] = getCountries();

const WHAT = 'A number to match';

/** An exact number, in the blocklist's syntax without the `*`. */
const exactNumberSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = value.includes('*')
      ? 'An exact number has no *: choose "Prefix" to match every number that starts with it'
      : blocklistEntryProblem(value, WHAT);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * A prefix in the blocklist's syntax; the `*` at its end may be left out
 * (the match type says it is a prefix) and is added.
 */
const prefixSchema = z
  .string()
  .trim()
  .transform(value => (value.endsWith('*') ? value : `${value}*`))
  .superRefine((value, ctx) => {
    const problem = blocklistEntryProblem(value, 'A prefix');
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const countrySchema = z
  .string()
  .trim()
  .toUpperCase()
  // Not as a type guard: an editor's draft holds any string until it is fixed.
  .refine((code): boolean => isSupportedCountry(code), {
    message: 'Choose a country by its two-letter code (e.g. US, DE, GB)',
  });

/** @public */
export const alertRuleMatchSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('number'), value: exactNumberSchema }),
    z.object({ type: z.literal('prefix'), value: prefixSchema }),
    z.object({ type: z.literal('country'), country: countrySchema }),
  ],
  { message: 'Match a number, a prefix or a country' },
);

/** A tag: trimmed and lowercased, so "VIP" and "vip" are one tag. */
const tagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'A tag cannot be empty')
  .max(
    MAX_ALERT_TAG_LENGTH,
    `A tag is at most ${MAX_ALERT_TAG_LENGTH} characters`,
  )
  .regex(
    /^[\p{L}\p{N}][\p{L}\p{N}._:-]*$/u,
    'A tag holds letters, digits and . _ : - (no spaces), starting with a letter or digit',
  );

/** @public */
export const alertRuleActionsSchema = z.object({
  /** Absent: the alert keeps the default priority. */
  priority: z
    .enum(ALERT_PRIORITIES, { message: 'Choose a priority from P1 to P5' })
    .optional(),
  tags: z
    .array(tagSchema)
    .max(10, 'At most 10 tags')
    .superRefine(unique(t => t, 'Tag'))
    .default([]),
  /** Dialled (and notified) after the plan's own recipients. */
  extraRecipients: recipientListSchema.default([]),
  /** false: nobody is notified of the call (it is still dialled). */
  notify: z
    .boolean({ message: 'Notify is on (true) or off (false)' })
    .default(true),
});

/** @public */
export const alertRuleSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Name the rule')
    .max(100, 'A rule name is at most 100 characters'),
  match: alertRuleMatchSchema,
  actions: alertRuleActionsSchema,
});

/**
 * An integration's alert rules, in order: the first that matches a caller
 * decides their alert's priority, tags, extra recipients and notifications.
 *
 * @public
 */
export const alertRulesSchema = z
  .array(alertRuleSchema)
  .max(MAX_ALERT_RULES, `At most ${MAX_ALERT_RULES} rules`)
  .superRefine(unique(r => r.name, 'Rule'))
  .default([]);

/** @public */
export type AlertRule = z.infer<typeof alertRuleSchema>;
/** A rule as a client edits it, before defaults and normalisation. @public */
export type AlertRuleInput = z.input<typeof alertRuleSchema>;
/** @public */
export type AlertRuleMatch = z.infer<typeof alertRuleMatchSchema>;

/**
 * The caller IDs Twilio gives a withheld number that look like E.164:
 * ANONYMOUS, RESTRICTED, UNKNOWN and UNAVAILABLE spelled on a keypad. A
 * rule on a prefix (`+2*`) or a country (Lesotho) must not catch them.
 */
const WITHHELD_CALLER_IDS = new Set([
  '+266696687',
  '+7378742833',
  '+8656696',
  '+86282452253',
]);

/** Whether a caller ID is a number a rule can match (not withheld). */
function isCallerNumber(caller: string): boolean {
  return isE164(caller) && !WITHHELD_CALLER_IDS.has(caller);
}

/**
 * The country a number belongs to (ISO 3166-1 alpha-2), from its calling
 * code and, where several countries share one (+1: US, CA and the
 * Caribbean), its area code; undefined when that cannot be told.
 *
 * @public
 */
export function countryOfNumber(number: string): CountryCode | undefined {
  return parsePhoneNumberFromString(number)?.country;
}

/** Whether one rule's match catches a caller number (E.164). */
function matches(match: AlertRuleMatch, caller: string): boolean {
  if (match.type === 'country') {
    return countryOfNumber(caller) === match.country.trim().toUpperCase();
  }
  const value = match.value.trim();
  if (match.type === 'number') return caller === value;
  // A draft in the editor may lack the `*` the schema adds.
  return blocklistMatches(value.endsWith('*') ? value : `${value}*`, caller);
}

/** The rule that matched a caller, and where it stands in the list. @public */
export interface MatchedAlertRule {
  rule: AlertRule;
  index: number;
}

/**
 * The first of `rules`, in order, whose match catches the caller; none for
 * a withheld (anonymous) caller ID. Pure: the backend decides alerts with
 * it, the editor previews them.
 *
 * @public
 */
export function matchAlertRule(
  rules: readonly AlertRule[],
  callerNumber: string,
): MatchedAlertRule | undefined {
  if (!isCallerNumber(callerNumber)) return undefined;
  const index = rules.findIndex(rule => matches(rule.match, callerNumber));
  return index === -1 ? undefined : { rule: rules[index], index };
}

/**
 * What a rule does to an alert, in words: "P1, tagged vip, also rings 2
 * more recipients, no notifications".
 *
 * @public
 */
export function describeAlertRuleActions(rule: AlertRule): string {
  const { priority, tags, extraRecipients, notify } = rule.actions;
  const parts: string[] = [priority ?? DEFAULT_ALERT_PRIORITY];
  if (tags.length > 0) parts.push(`tagged ${tags.join(', ')}`);
  if (extraRecipients.length > 0) {
    parts.push(
      `also rings ${extraRecipients.length} more recipient${
        extraRecipients.length === 1 ? '' : 's'
      }`,
    );
  }
  if (!notify) parts.push('no notifications');
  return parts.join(', ');
}
