import {
  type AvailableNumber,
  formatPhoneNumber,
  type IntegrationConfig,
} from '@icr/plugin-incoming-call-common';
import { useCallback, useState } from 'react';
import { formatMoney } from './phoneNumberText';

/**
 * The search results picked for buying, by number: what the entries to be
 * bought on save cost, which the config itself does not say.
 */
export type NumberPicks = ReadonlyMap<string, AvailableNumber>;

export function useNumberPicks() {
  const [picks, setPicks] = useState<NumberPicks>(new Map());
  const addPick = useCallback(
    (found: AvailableNumber) =>
      setPicks(current => new Map(current).set(found.number, found)),
    [],
  );
  return { picks, addPick };
}

/** The numbers a save would buy, with their search results where known. */
export function numbersToBuy(config: IntegrationConfig, picks: NumberPicks) {
  return config.numbers
    .filter(entry => entry.source === 'buy')
    .map(entry => ({ entry, pick: picks.get(entry.number) }));
}

/**
 * What the Save button says: plain "Save", or that it buys numbers and what
 * they cost a month ("Save and buy +1 415 555 0199 for $1.15 a month").
 */
export function saveLabel(config: IntegrationConfig, picks: NumberPicks) {
  const buying = numbersToBuy(config, picks);
  if (buying.length === 0) return 'Save';
  const what =
    buying.length === 1
      ? formatPhoneNumber(buying[0].entry.number)
      : `${buying.length} numbers`;
  const prices = buying.map(({ pick }) => pick?.monthlyPrice);
  const currency = prices[0]?.currency;
  const priced = prices.every(price => price && price.currency === currency);
  if (!priced || !currency) return `Save and buy ${what}`;
  const amount = prices.reduce((sum, price) => sum + (price?.amount ?? 0), 0);
  return `Save and buy ${what} for ${formatMoney({
    amount,
    currency,
  })} a month`;
}
