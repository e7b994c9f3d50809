import {
  isSupportedCountry,
  parsePhoneNumberFromString,
} from 'libphonenumber-js';
import { z } from 'zod';

/**
 * The kinds of number Twilio sells: its `Local`, `TollFree` and `Mobile`
 * lists of available numbers.
 *
 * @public
 */
export const NUMBER_TYPES = ['local', 'toll-free', 'mobile'] as const;

/** @public */
export type NumberType = (typeof NUMBER_TYPES)[number];

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });

/**
 * The English name of a two-letter country code ("DE" → "Germany"), or the
 * code itself when the runtime does not know it.
 *
 * @public
 */
export function countryName(code: string): string {
  try {
    return countryNames.of(code) ?? code;
  } catch {
    return code;
  }
}

const COUNTRY_CODE = /^[A-Z]{2}$/;

/**
 * Whether a code is an ISO 3166-1 alpha-2 country code that libphonenumber
 * knows numbers of ("DE"; not "ZZ", not "germany", not "de").
 *
 * @public
 */
export function isCountryCode(code: string): boolean {
  return COUNTRY_CODE.test(code) && isSupportedCountry(code);
}

/** A country code as {@link isCountryCode} wants it, with a message for each way it is not. @public */
export const countryCodeSchema = z
  .string()
  .trim()
  .regex(COUNTRY_CODE, 'Use a two-letter country code (e.g. US, DE)')
  // Two letters that name no country; other shapes have the message above.
  .refine(code => !COUNTRY_CODE.test(code) || isSupportedCountry(code), {
    error: issue =>
      `${issue.input} is not a country code (use a two-letter ISO code, e.g. US, DE)`,
  });

/**
 * Why a number cannot be used for a country, in words for the field; or
 * undefined when it is a valid number of that country.
 *
 * @public
 */
export function numberCountryProblem(
  number: string,
  country: string,
): string | undefined {
  const parsed = parsePhoneNumberFromString(number);
  if (!parsed?.isValid()) {
    return `${number} is not a valid phone number of any country`;
  }
  if (parsed.country === country) return undefined;
  const actual = parsed.country;
  return actual
    ? `${number} is a number of ${countryName(
        actual,
      )} (${actual}), not of ${countryName(country)} (${country})`
    : `${number} is not a number of ${countryName(country)} (${country})`;
}

/**
 * A country Twilio sells numbers in, with the kinds it has there
 * (`GET /numbers/countries`).
 *
 * @public
 */
export interface NumberCountry {
  /** ISO 3166-1 alpha-2, e.g. `DE`. */
  code: string;
  /** The country's name as Twilio gives it, e.g. `Germany`. */
  name: string;
  types: NumberType[];
}

/** The answer of `GET /numbers/countries`. @public */
export interface NumberCountryList {
  countries: NumberCountry[];
}

/**
 * A search for numbers to buy (the query of
 * `GET /teams/:namespace/:name/numbers/available`): a country and a kind,
 * optionally an area code (local numbers of the US and Canada) or digits the
 * number contains.
 *
 * @public
 */
export const availableNumberQuerySchema = z.object({
  country: countryCodeSchema,
  type: z
    .enum(NUMBER_TYPES, { message: `Choose one of ${NUMBER_TYPES.join(', ')}` })
    .default('local'),
  areaCode: z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, 'An area code is 1 to 5 digits (e.g. 415)')
    .optional(),
  contains: z
    .string()
    .trim()
    .regex(
      /^[0-9*]{1,16}$/,
      'Digits the number contains: 0-9, with * for any digit (e.g. 555)',
    )
    .optional(),
});

/** @public */
export type AvailableNumberQuery = z.input<typeof availableNumberQuerySchema>;

/** What a number can do. @public */
export interface NumberCapabilities {
  voice: boolean;
  sms: boolean;
  mms: boolean;
}

/** An amount of money, e.g. `{ amount: 10, currency: 'USD' }`. @public */
export interface Money {
  amount: number;
  /** ISO 4217, e.g. `USD`. */
  currency: string;
}

/** A number Twilio offers to buy. @public */
export interface AvailableNumber {
  /** E.164. */
  number: string;
  /** How Twilio writes it, e.g. `(415) 555-0150`. */
  friendlyName: string;
  locality?: string;
  region?: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  type: NumberType;
  capabilities: NumberCapabilities;
  /** What holding it costs a month (`incomingCall.pricing.numberMonthly`), an estimate. */
  monthlyPrice: Money;
}

/** The answer of `GET /teams/:namespace/:name/numbers/available`. @public */
export interface AvailableNumberList {
  numbers: AvailableNumber[];
}

/** A number the Twilio account already has (`incomingPhoneNumbers`). @public */
export interface OwnedNumber {
  /** E.164. */
  number: string;
  /** The Twilio SID (`PN…`). */
  sid: string;
  friendlyName: string;
  /** ISO 3166-1 alpha-2, from the number's digits; undefined when unknown. */
  country?: string;
  capabilities: NumberCapabilities;
  /** Where Twilio sends its calls now. */
  voiceUrl: string;
  /** The team whose integration it routes to already; undefined when free to attach. */
  teamRef?: string;
}

/** The answer of `GET /teams/:namespace/:name/numbers/owned`. @public */
export interface OwnedNumberList {
  numbers: OwnedNumber[];
}

/**
 * What deleting an integration did (`DELETE /teams/:namespace/:name/integration`):
 * the numbers released back to Twilio (bought through the plugin) and those
 * given back their previous voice settings (attached). Deleting again
 * finds nothing and answers empty lists.
 *
 * @public
 */
export interface IntegrationDeletion {
  released: string[];
  restored: string[];
}
