import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';

/** E.164: a plus sign, a country code that does not start with 0, at most 15 digits in all. */
const E164_PATTERN = /^\+[1-9]\d{1,14}$/;

/** @public */
export const E164_MESSAGE =
  'Enter the number in E.164 form: + then the country code and number, digits only, at most 15 digits (e.g. +14155550100)';

/** @public */
export function isE164(value: string): boolean {
  return E164_PATTERN.test(value);
}

/** @public */
export const e164Schema = z
  .string()
  .trim()
  .refine(isE164, { message: E164_MESSAGE });

/**
 * A phone number as people read it, in international form with
 * libphonenumber's grouping ("+14155550150" → "+1 415 555 0150"); the
 * text as it is when it is not a number (e.g. a withheld caller ID).
 *
 * @public
 */
export function formatPhoneNumber(number: string): string {
  return parsePhoneNumberFromString(number)?.formatInternational() ?? number;
}
