import { ResponseError } from '@backstage/errors';
import type { Money } from '@icr/plugin-incoming-call-common';

const REGIONAL_INDICATOR_A = 0x1f1e6;

/** The flag of an ISO 3166-1 alpha-2 country ("US" → 🇺🇸), or '' for anything else. */
export function flagOf(country: string | undefined): string {
  if (!country || !/^[A-Z]{2}$/.test(country)) return '';
  return String.fromCodePoint(
    ...[...country].map(
      letter => REGIONAL_INDICATOR_A + letter.charCodeAt(0) - 65,
    ),
  );
}

/** "$1.15", "€2.00": an amount in its currency. */
export function formatMoney(money: Money): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: money.currency,
  }).format(money.amount);
}

/**
 * Why the server refused to search or release numbers, in words for the
 * team owner; a refusal (403) says who may, in the server's words.
 */
export function numberErrorText(error: Error): string {
  if (!ResponseError.is(error)) return error.message;
  const serverMessage = error.cause.message || error.message;
  return error.statusCode === 403
    ? `You may not buy or release numbers for this team (${serverMessage})`
    : serverMessage;
}
