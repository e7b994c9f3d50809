/** The periods the analytics can be read over. */
export type PeriodChoice =
  | { kind: 'last-7-days' }
  | { kind: 'last-30-days' }
  | { kind: 'this-month' }
  /** Whole days, `YYYY-MM-DD`, both included. */
  | { kind: 'custom'; fromDay: string; toDay: string };

/** A half-open range of instants, `[from, to)`, as the analytics API takes it. */
export interface Period {
  from: Date;
  to: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A `YYYY-MM-DD` day of the browser's time zone, at its start. */
function dayStart(day: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const [, year, month, date] = match.map(Number);
  return new Date(year, month - 1, date);
}

/** `YYYY-MM-DD` of a date in the browser's time zone. */
export function dayOf(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(
    date.getDate(),
  )}`;
}

/**
 * The range a choice covers at `now`, in the browser's time zone (the one
 * the analytics' hours and weekdays are counted in): the last 7 or 30 days
 * up to now, this month from its first day, or the custom days in full.
 * Undefined for a custom range that is not one (a day missing, or the end
 * before the start).
 */
export function periodOf(choice: PeriodChoice, now: Date): Period | undefined {
  if (choice.kind === 'last-7-days') {
    return { from: new Date(now.getTime() - 7 * DAY_MS), to: now };
  }
  if (choice.kind === 'last-30-days') {
    return { from: new Date(now.getTime() - 30 * DAY_MS), to: now };
  }
  if (choice.kind === 'this-month') {
    return { from: new Date(now.getFullYear(), now.getMonth(), 1), to: now };
  }
  const from = dayStart(choice.fromDay);
  const last = dayStart(choice.toDay);
  if (!from || !last || last < from) return undefined;
  // The start of the day after the last one, by the calendar (so a
  // daylight-saving change inside the range does not shift it).
  const to = new Date(last.getFullYear(), last.getMonth(), last.getDate() + 1);
  return { from, to };
}
