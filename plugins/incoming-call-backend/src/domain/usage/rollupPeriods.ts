import { DateTime } from 'luxon';
import { nearestRankOffset, type OffsetSegment, type Period } from './periods';

/** The finest step of any time zone's offset and of its changes. */
export const SLOT_MS = 15 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A period as the whole rollup units inside it (`rolled`, on unit
 * boundaries; none when no unit fits) and the rest, read from the raw rows.
 */
export interface RollupSplit {
  rolled?: Period;
  raw: Period[];
}

/** Split on fixed steps since the epoch: 15-minute slots, UTC days. */
export function splitBySteps(period: Period, stepMs: number): RollupSplit {
  return split(
    period,
    Math.ceil(period.from / stepMs) * stepMs,
    Math.floor(period.to / stepMs) * stepMs,
  );
}

/** Split on UTC months. */
export function splitByMonths(period: Period): RollupSplit {
  const monthOf = (ms: number) =>
    DateTime.fromMillis(ms, { zone: 'utc' }).startOf('month');
  const first = monthOf(period.from);
  return split(
    period,
    first.toMillis() === period.from
      ? period.from
      : first.plus({ months: 1 }).toMillis(),
    monthOf(period.to).toMillis(),
  );
}

/**
 * Split on UTC months, then the ends on UTC days: whole months from the
 * monthly rollup, whole days around them from the daily one, the rest raw.
 */
export function splitByMonthsAndDays(period: Period): {
  months?: Period;
  days: Period[];
  raw: Period[];
} {
  const months = splitByMonths(period);
  const ends = months.raw.map(end => splitBySteps(end, DAY_MS));
  return {
    months: months.rolled,
    days: ends.flatMap(end => (end.rolled ? [end.rolled] : [])),
    raw: ends.flatMap(end => end.raw),
  };
}

/** A UTC month as its year's start and its number, 1 to 12. */
export function monthOfYear(monthStart: number): {
  yearStart: number;
  month: number;
} {
  const month = DateTime.fromMillis(monthStart, { zone: 'utc' });
  return { yearStart: month.startOf('year').toMillis(), month: month.month };
}

/** Whole UTC months, as the years they fall in and their numbers. */
export function monthsByYear(
  months: Period,
): Array<{ yearStart: number; months: number[] }> {
  const years = new Map<number, number[]>();
  for (
    let month = DateTime.fromMillis(months.from, { zone: 'utc' });
    month.toMillis() < months.to;
    month = month.plus({ months: 1 })
  ) {
    const { yearStart } = monthOfYear(month.toMillis());
    years.set(yearStart, [...(years.get(yearStart) ?? []), month.month]);
  }
  return [...years].map(([yearStart, numbers]) => ({
    yearStart,
    months: numbers,
  }));
}

function split(period: Period, from: number, to: number): RollupSplit {
  if (from >= to) return { raw: [period] };
  return {
    rolled: { from, to },
    raw: [
      { from: period.from, to: from },
      { from: to, to: period.to },
    ].filter(part => part.from < part.to),
  };
}

/** The quarter hours of a week, Monday 00:00 UTC first. */
export const QUARTERS_OF_WEEK = 7 * 24 * 4;
/** 1970-01-01 00:00 UTC was a Thursday: 3 days after a Monday. */
export const EPOCH_QUARTER_OF_WEEK = 3 * 24 * 4;

/**
 * Whole UTC months, each with the zone's offset when one holds for the
 * whole month (none in a month the offset changes in).
 */
export function monthOffsets(
  months: Period,
  segments: OffsetSegment[],
): Array<{ month: Period; offsetMs?: number }> {
  const result: Array<{ month: Period; offsetMs?: number }> = [];
  for (
    let start = DateTime.fromMillis(months.from, { zone: 'utc' });
    start.toMillis() < months.to;
    start = start.plus({ months: 1 })
  ) {
    const month = {
      from: start.toMillis(),
      to: start.plus({ months: 1 }).toMillis(),
    };
    const segment = segments.find(
      s => s.until === undefined || month.from < s.until,
    )!;
    const constant = segment.until === undefined || segment.until >= month.to;
    result.push({ month, ...(constant && { offsetMs: segment.offsetMs }) });
  }
  return result;
}

/**
 * Whether the zone's offsets and their changes all fall on slot
 * boundaries: then every call of a slot has the local hour of the slot's
 * start, and slots can stand for their calls.
 */
export function onSlotGrid(segments: OffsetSegment[]): boolean {
  return segments.every(
    s =>
      s.offsetMs % SLOT_MS === 0 &&
      (s.until === undefined || s.until % SLOT_MS === 0),
  );
}

/**
 * Nearest-rank percentiles from an exact histogram (every distinct value
 * with its count, in ascending order): the same values as ordering the
 * values themselves. Null for an empty histogram.
 */
export function histogramPercentiles(
  histogram: Array<{ value: number; count: number }>,
  percentiles: number[],
): Array<number | null> {
  const total = histogram.reduce((sum, bucket) => sum + bucket.count, 0);
  return percentiles.map(p => {
    if (total === 0) return null;
    const offset = nearestRankOffset(p, total);
    let below = 0;
    for (const { value, count } of histogram) {
      below += count;
      if (below > offset) return value;
    }
    return null;
  });
}
