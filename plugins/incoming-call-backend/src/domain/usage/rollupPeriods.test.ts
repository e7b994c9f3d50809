import { seededRandom } from '../../__testUtils__/seededRandom';
import { nearestRankOffset, offsetSegments } from './periods';
import {
  DAY_MS,
  histogramPercentiles,
  onSlotGrid,
  SLOT_MS,
  monthOffsets,
  monthOfYear,
  monthsByYear,
  splitByMonths,
  splitByMonthsAndDays,
  splitBySteps,
} from './rollupPeriods';

const at = (iso: string) => Date.parse(iso);

describe('rollup periods', () => {
  it('rolls up the whole slots or days inside a period and reads its edges raw', () => {
    const period = {
      from: at('2026-03-01T10:07:00Z'),
      to: at('2026-03-01T11:50:00Z'),
    };
    expect(splitBySteps(period, SLOT_MS)).toEqual({
      rolled: {
        from: at('2026-03-01T10:15:00Z'),
        to: at('2026-03-01T11:45:00Z'),
      },
      raw: [
        { from: period.from, to: at('2026-03-01T10:15:00Z') },
        { from: at('2026-03-01T11:45:00Z'), to: period.to },
      ],
    });
    // No whole day inside: all of it raw.
    expect(splitBySteps(period, DAY_MS)).toEqual({ raw: [period] });
    const days = {
      from: at('2026-03-01T00:00:00Z'),
      to: at('2026-03-03T00:00:00Z'),
    };
    expect(splitBySteps(days, DAY_MS)).toEqual({ rolled: days, raw: [] });
  });

  it('rolls up whole UTC months, December into January', () => {
    const year = {
      from: at('2026-01-01T00:00:00Z'),
      to: at('2027-01-01T00:00:00Z'),
    };
    expect(splitByMonths(year)).toEqual({ rolled: year, raw: [] });
    const berlinMonth = {
      from: at('2026-11-30T23:00:00Z'),
      to: at('2027-01-31T23:00:00Z'),
    };
    expect(splitByMonths(berlinMonth)).toEqual({
      rolled: {
        from: at('2026-12-01T00:00:00Z'),
        to: at('2027-01-01T00:00:00Z'),
      },
      raw: [
        { from: berlinMonth.from, to: at('2026-12-01T00:00:00Z') },
        { from: at('2027-01-01T00:00:00Z'), to: berlinMonth.to },
      ],
    });
    const within = {
      from: at('2026-03-02T00:00:00Z'),
      to: at('2026-03-30T00:00:00Z'),
    };
    expect(splitByMonths(within)).toEqual({ raw: [within] });
  });

  it('takes whole months, then whole days at the ends, then the rest raw', () => {
    const period = {
      from: at('2026-02-27T10:00:00Z'),
      to: at('2026-04-02T06:00:00Z'),
    };
    expect(splitByMonthsAndDays(period)).toEqual({
      months: {
        from: at('2026-03-01T00:00:00Z'),
        to: at('2026-04-01T00:00:00Z'),
      },
      days: [
        { from: at('2026-02-28T00:00:00Z'), to: at('2026-03-01T00:00:00Z') },
        { from: at('2026-04-01T00:00:00Z'), to: at('2026-04-02T00:00:00Z') },
      ],
      raw: [
        { from: period.from, to: at('2026-02-28T00:00:00Z') },
        { from: at('2026-04-02T00:00:00Z'), to: period.to },
      ],
    });
  });

  it('groups whole months by their year, for the responders rollup', () => {
    expect(
      monthsByYear({
        from: at('2026-11-01T00:00:00Z'),
        to: at('2027-03-01T00:00:00Z'),
      }),
    ).toEqual([
      { yearStart: at('2026-01-01T00:00:00Z'), months: [11, 12] },
      { yearStart: at('2027-01-01T00:00:00Z'), months: [1, 2] },
    ]);
    expect(monthOfYear(at('2026-12-01T00:00:00Z'))).toEqual({
      yearStart: at('2026-01-01T00:00:00Z'),
      month: 12,
    });
  });

  it("knows the months a zone's offset holds for, and those it changes in", () => {
    const months = {
      from: at('2026-02-01T00:00:00Z'),
      to: at('2026-05-01T00:00:00Z'),
    };
    const hour = 3_600_000;
    expect(
      monthOffsets(months, offsetSegments('Europe/Berlin', months)),
    ).toEqual([
      {
        month: { from: months.from, to: at('2026-03-01T00:00:00Z') },
        offsetMs: hour,
      },
      {
        month: {
          from: at('2026-03-01T00:00:00Z'),
          to: at('2026-04-01T00:00:00Z'),
        },
      },
      {
        month: { from: at('2026-04-01T00:00:00Z'), to: months.to },
        offsetMs: 2 * hour,
      },
    ]);
  });

  it('knows which zones keep every call of a slot in one local hour', () => {
    const year = {
      from: at('2026-01-01T00:00:00Z'),
      to: at('2027-01-01T00:00:00Z'),
    };
    for (const zone of [
      'Europe/Berlin',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'UTC',
    ]) {
      expect(onSlotGrid(offsetSegments(zone, year))).toBe(true);
    }
    expect(onSlotGrid([{ offsetMs: 53 * 60 * 1000 + 28_000 }])).toBe(false);
    expect(
      onSlotGrid([{ offsetMs: 0, until: 1 }, { offsetMs: 3_600_000 }]),
    ).toBe(false);
  });

  it('takes the same nearest-rank percentiles from a histogram as from the sorted values', () => {
    const random = seededRandom(7);
    for (let run = 0; run < 200; run++) {
      const values = Array.from({ length: 1 + Math.floor(random() * 50) }, () =>
        Math.floor(random() * 20),
      );
      const sorted = [...values].sort((a, b) => a - b);
      const counts = new Map<number, number>();
      for (const v of sorted) counts.set(v, (counts.get(v) ?? 0) + 1);
      const histogram = [...counts].map(([value, count]) => ({ value, count }));
      const percentiles = [0, 0.1, 0.5, 0.9, 0.99, 1];
      expect(histogramPercentiles(histogram, percentiles)).toEqual(
        percentiles.map(p => sorted[nearestRankOffset(p, sorted.length)]),
      );
    }
    expect(histogramPercentiles([], [0.5, 0.9])).toEqual([null, null]);
  });
});
