import { DateTime } from 'luxon';

/** A half-open period [from, to) in epoch milliseconds. */
export interface Period {
  from: number;
  to: number;
}

/** The month `YYYY-MM` in UTC. */
export function monthPeriod(month: string): Period {
  const start = DateTime.fromISO(`${month}-01`, { zone: 'utc' });
  return { from: start.toMillis(), to: start.plus({ months: 1 }).toMillis() };
}

/**
 * A time zone's UTC offset over a period, as the instants it changes at:
 * `offsetMs` holds from the segment before's `until` up to its own `until`
 * (the last has none). Lets the database bucket instants by local hour with
 * integer arithmetic, the same on SQLite (which has no time zones) and
 * PostgreSQL.
 */
export interface OffsetSegment {
  offsetMs: number;
  until?: number;
}

export const HOUR_MS = 60 * 60 * 1000;

export function offsetSegments(
  timeZone: string,
  period: Period,
): OffsetSegment[] {
  const offsetAt = (ms: number) =>
    DateTime.fromMillis(ms, { zone: timeZone }).offset * 60 * 1000;
  const segments: OffsetSegment[] = [];
  let current = offsetAt(period.from);
  // Zones change their offset at most a few times a year, never twice
  // within a day: look once a day, and find each change to the millisecond.
  for (let day = period.from; day < period.to; day += 24 * HOUR_MS) {
    const next = Math.min(day + 24 * HOUR_MS, period.to);
    if (offsetAt(next) === current) continue;
    let before = day;
    let after = next;
    while (after - before > 1) {
      const middle = Math.floor((before + after) / 2);
      if (offsetAt(middle) === current) before = middle;
      else after = middle;
    }
    segments.push({ offsetMs: current, until: after });
    current = offsetAt(after);
  }
  segments.push({ offsetMs: current });
  return segments;
}

/**
 * The database buckets calls by local hour of the week, 0 (Monday
 * 00:00–01:00) to 167: (the instant plus its zone's offset, in whole hours
 * since the epoch, plus EPOCH_HOUR_OF_WEEK) mod HOURS_OF_WEEK.
 */
export const HOURS_OF_WEEK = 168;
/** 1970-01-01, hour 0 of epoch time, was a Thursday: 3 days after a Monday. */
export const EPOCH_HOUR_OF_WEEK = 3 * 24;

/** Calls per local hour of the week folded into hours of day and weekdays. */
export function byHourAndWeekday(
  buckets: Array<{ hourOfWeek: number; calls: number }>,
): { byHourOfDay: number[]; byWeekday: number[] } {
  const byHourOfDay = new Array<number>(24).fill(0);
  const byWeekday = new Array<number>(7).fill(0);
  for (const { hourOfWeek, calls } of buckets) {
    byHourOfDay[hourOfWeek % 24] += calls;
    byWeekday[Math.floor(hourOfWeek / 24)] += calls;
  }
  return { byHourOfDay, byWeekday };
}

/**
 * The nearest-rank percentile's place (0-based) among `count` values in
 * ascending order: the value at rank ceil(p × count).
 */
export function nearestRankOffset(p: number, count: number): number {
  return Math.max(0, Math.ceil(p * count) - 1);
}
