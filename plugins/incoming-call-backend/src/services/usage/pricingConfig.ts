import type { Config } from '@backstage/config';
import type { UsagePricing } from '@icr/plugin-incoming-call-common';

/** The seed's prices (USD): a number a month, a minute to US/Canada, elsewhere. */
const DEFAULT_PRICES = {
  numberMonthly: 10,
  domesticMinute: 0.1,
  internationalMinute: 0.35,
} as const;

/** Dollars as whole cents; a price with a fraction of a cent is refused. */
function toCents(key: string, dollars: number): number {
  const cents = Math.round(dollars * 100);
  if (dollars < 0 || Math.abs(dollars * 100 - cents) > 1e-6) {
    throw new Error(
      `incomingCall.pricing.${key} must be a price in dollars with whole cents (e.g. 0.35), not ${dollars}`,
    );
  }
  return cents;
}

/** The `incomingCall.pricing` settings the estimates use, with their defaults. */
export function readPricingConfig(config: Config): UsagePricing {
  const pricing = config.getOptionalConfig('incomingCall.pricing');
  const price = (key: keyof typeof DEFAULT_PRICES) =>
    toCents(key, pricing?.getOptionalNumber(key) ?? DEFAULT_PRICES[key]);
  const freeNumbers = pricing?.getOptionalNumber('freeNumbers') ?? 0;
  if (!Number.isInteger(freeNumbers) || freeNumbers < 0) {
    throw new Error(
      `incomingCall.pricing.freeNumbers must be a whole number, 0 or more, not ${freeNumbers}`,
    );
  }
  return {
    numberMonthlyCents: price('numberMonthly'),
    domesticMinuteCents: price('domesticMinute'),
    internationalMinuteCents: price('internationalMinute'),
    freeNumbers,
  };
}
