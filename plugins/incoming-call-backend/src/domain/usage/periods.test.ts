import {
  byHourAndWeekday,
  EPOCH_HOUR_OF_WEEK,
  HOURS_OF_WEEK,
  monthPeriod,
  nearestRankOffset,
  offsetSegments,
} from './periods';

const at = (iso: string) => Date.parse(iso);

/** The local hour of the week as the database computes it from the segments. */
function hourOfWeek(ms: number, segments: ReturnType<typeof offsetSegments>) {
  const segment = segments.find(s => s.until === undefined || ms < s.until)!;
  return (
    (Math.floor((ms + segment.offsetMs) / 3_600_000) + EPOCH_HOUR_OF_WEEK) %
    HOURS_OF_WEEK
  );
}

describe('usage periods', () => {
  it('takes a month in UTC, December running into the next year', () => {
    expect(monthPeriod('2026-12')).toEqual({
      from: at('2026-12-01T00:00:00Z'),
      to: at('2027-01-01T00:00:00Z'),
    });
    expect(monthPeriod('2028-02').to - monthPeriod('2028-02').from).toBe(
      29 * 24 * 3_600_000,
    );
  });

  it("finds a zone's offset changes to the millisecond over a year", () => {
    const year = {
      from: at('2026-01-01T00:00:00Z'),
      to: at('2027-01-01T00:00:00Z'),
    };
    expect(offsetSegments('Europe/Berlin', year)).toEqual([
      { offsetMs: 3_600_000, until: at('2026-03-29T01:00:00Z') },
      { offsetMs: 7_200_000, until: at('2026-10-25T01:00:00Z') },
      { offsetMs: 3_600_000 },
    ]);
    expect(offsetSegments('UTC', year)).toEqual([{ offsetMs: 0 }]);
    expect(offsetSegments('Asia/Kolkata', year)).toEqual([
      { offsetMs: 5.5 * 3_600_000 },
    ]);
  });

  it('buckets instants by local hour and weekday, Monday first', () => {
    const period = {
      from: at('2026-03-01T00:00:00Z'),
      to: at('2026-04-01T00:00:00Z'),
    };
    const berlin = offsetSegments('Europe/Berlin', period);
    // Monday 2026-03-02 09:30 in Berlin (UTC+1), Sunday 2026-03-29 23:30 (UTC+2).
    expect(hourOfWeek(at('2026-03-02T08:30:00Z'), berlin)).toBe(9);
    expect(hourOfWeek(at('2026-03-29T21:30:00Z'), berlin)).toBe(6 * 24 + 23);
    const kolkata = offsetSegments('Asia/Kolkata', period);
    // 2026-03-04 (Wednesday) 18:40 UTC is Thursday 00:10 in Kolkata.
    expect(hourOfWeek(at('2026-03-04T18:40:00Z'), kolkata)).toBe(3 * 24);
    expect(
      byHourAndWeekday([
        { hourOfWeek: 9, calls: 2 },
        { hourOfWeek: 6 * 24 + 9, calls: 1 },
        { hourOfWeek: 3 * 24, calls: 4 },
      ]),
    ).toEqual({
      byHourOfDay: [4, 0, 0, 0, 0, 0, 0, 0, 0, 3, ...new Array(14).fill(0)],
      byWeekday: [2, 0, 0, 4, 0, 0, 1],
    });
  });

  it('places nearest-rank percentiles', () => {
    expect(nearestRankOffset(0.5, 1)).toBe(0);
    expect(nearestRankOffset(0.5, 4)).toBe(1);
    expect(nearestRankOffset(0.9, 4)).toBe(3);
    expect(nearestRankOffset(0.9, 10)).toBe(8);
    expect(nearestRankOffset(0.5, 5)).toBe(2);
  });
});
