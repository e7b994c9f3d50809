import type { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { seededRandom } from '../__testUtils__/seededRandom';
import {
  EPOCH_HOUR_OF_WEEK,
  HOURS_OF_WEEK,
  nearestRankOffset,
  offsetSegments,
  type OffsetSegment,
  type Period,
} from '../domain/usage/periods';
import { AlertStore } from './AlertStore';
import { AnalyticsStore } from './AnalyticsStore';
import { DegradedAlertStore } from './DegradedAlertStore';
import { applyMigrations } from './migrations';
import { UsageRollups } from './UsageRollups';
import { UsageStore } from './UsageStore';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const at = (iso: string) => Date.parse(iso);
const TEAMS = ['group:default/platform', 'group:default/payments'];
const NUMBERS = ['+14155550100', '+14155550101', '+12025550100'];
const USERS = ['ana', 'bob', 'carol', 'dave', 'erin'].map(
  u => `user:default/${u}`,
);
const OUTCOMES = ['answered', 'abandoned', 'voicemail', 'pending'];
const FROM = at('2025-12-10T00:00:00Z');
const TO = at('2026-05-10T00:00:00Z');
/** Periods on and off the rollups' slots, days and months. */
const PERIODS: Array<Period & { tz: string }> = [
  {
    from: at('2026-03-01T00:00:00Z'),
    to: at('2026-04-01T00:00:00Z'),
    tz: 'UTC',
  },
  // A month of Berlin time, across the change to summer time.
  {
    from: at('2026-02-28T23:00:00Z'),
    to: at('2026-04-30T22:00:00Z'),
    tz: 'Europe/Berlin',
  },
  {
    from: at('2026-03-05T10:07:13Z'),
    to: at('2026-04-17T03:00:00.500Z'),
    tz: 'Asia/Kathmandu',
  },
  {
    from: at('2026-03-10T10:07:00Z'),
    to: at('2026-03-10T10:14:00Z'),
    tz: 'UTC',
  },
  {
    from: at('2026-01-01T00:00:00Z'),
    to: at('2027-01-01T00:00:00Z'),
    tz: 'America/New_York',
  },
  // Whole months of two years, and whole days at the end.
  {
    from: at('2025-12-01T00:00:00Z'),
    to: at('2026-04-03T00:00:00Z'),
    tz: 'Australia/Lord_Howe',
  },
];

interface AlertRow {
  created_at: number | string;
  team_ref: string;
  dialled_number: string;
  outcome: string;
}
interface LegRow {
  call_at: number | string;
  user_ref: string;
  team_ref: string;
  dialled_number: string;
  connected: boolean | number;
  domestic: boolean | number;
  billed_minutes: number;
  seconds_to_answer: number | null;
}

/** The local hour of the week, from the offsets, as the reads define it. */
function hourOfWeek(ms: number, segments: OffsetSegment[]) {
  const segment = segments.find(s => s.until === undefined || ms < s.until)!;
  return (
    (Math.floor((ms + segment.offsetMs) / 3_600_000) + EPOCH_HOUR_OF_WEEK) %
    HOURS_OF_WEEK
  );
}

/** The figures computed in JavaScript from every raw row: the reference. */
async function rawFigures(knex: Knex, period: Period & { tz: string }) {
  const inPeriod = (ms: number | string) =>
    Number(ms) >= period.from && Number(ms) < period.to;
  const alerts: AlertRow[] = (await knex('alerts').select()).filter(a =>
    inPeriod(a.created_at),
  );
  const legs: LegRow[] = (await knex('call_legs').select()).filter(l =>
    inPeriod(l.call_at),
  );
  const segments = offsetSegments(period.tz, period);
  const buckets = new Map<number, Record<string, number>>();
  for (const a of alerts) {
    const hour = hourOfWeek(Number(a.created_at), segments);
    const bucket = buckets.get(hour) ?? {
      hourOfWeek: hour,
      calls: 0,
      answered: 0,
      abandoned: 0,
      voicemails: 0,
    };
    bucket.calls++;
    if (a.outcome === 'answered') bucket.answered++;
    if (a.outcome === 'abandoned') bucket.abandoned++;
    if (a.outcome === 'voicemail') bucket.voicemails++;
    buckets.set(hour, bucket);
  }
  const responders = new Map<
    string,
    { userRef: string; rung: number; answered: number }
  >();
  for (const l of legs) {
    const r = responders.get(l.user_ref) ?? {
      userRef: l.user_ref,
      rung: 0,
      answered: 0,
    };
    r.rung++;
    if (l.connected) r.answered++;
    responders.set(l.user_ref, r);
  }
  const seconds = legs
    .flatMap(l => (l.seconds_to_answer === null ? [] : [l.seconds_to_answer]))
    .sort((a, b) => a - b);
  const numbers = new Map<string, Record<string, number | string>>();
  const number = (row: { team_ref: string; dialled_number: string }) => {
    const key = `${row.team_ref} ${row.dialled_number}`;
    const known = numbers.get(key) ?? {
      number: row.dialled_number,
      teamRef: row.team_ref,
      calls: 0,
      minutesDomestic: 0,
      minutesInternational: 0,
    };
    numbers.set(key, known);
    return known as Record<string, number>;
  };
  for (const a of alerts) number(a).calls++;
  for (const l of legs) {
    number(l)[l.domestic ? 'minutesDomestic' : 'minutesInternational'] +=
      l.billed_minutes;
  }
  const blocked = (await knex('call_rejections').select('at')).filter(r =>
    inPeriod(r.at),
  ).length;
  return {
    blocked,
    buckets: [...buckets.values()],
    responders: [...responders.values()]
      .sort((a, b) => b.rung - a.rung || (a.userRef < b.userRef ? -1 : 1))
      .slice(0, 3),
    timeToAnswer: [0.5, 0.9].map(p =>
      seconds.length ? seconds[nearestRankOffset(p, seconds.length)] : null,
    ),
    numbers: [...numbers.values()],
  };
}

/** The organisation's figures as the stores read them. */
async function storeFigures(knex: Knex, period: Period & { tz: string }) {
  const analytics = new AnalyticsStore(knex);
  const segments = offsetSegments(period.tz, period);
  return {
    blocked: await analytics.blocked(period),
    buckets: await analytics.callBuckets(period, segments),
    responders: await analytics.responders(period, undefined, 3),
    timeToAnswer: await analytics.timeToAnswer(period, undefined, [0.5, 0.9]),
    numbers: await new UsageStore(knex).countsByNumber(period),
  };
}

const byKey = <T>(rows: T[]) =>
  [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

async function expectRawFigures(knex: Knex) {
  for (const period of PERIODS) {
    const [read, raw] = [
      await storeFigures(knex, period),
      await rawFigures(knex, period),
    ];
    expect({
      ...read,
      buckets: byKey(read.buckets),
      numbers: byKey(read.numbers),
    }).toEqual({
      ...raw,
      buckets: byKey(raw.buckets),
      numbers: byKey(raw.numbers),
    });
  }
}

/** As many changes as rows, when each was only inserted. */
const rows = async (knex: Knex) =>
  Number((await knex('alerts').count({ n: '*' }))[0].n) +
  Number((await knex('call_legs').count({ n: '*' }))[0].n) +
  Number((await knex('call_rejections').count({ n: '*' }))[0].n);

const logged = async (knex: Knex) =>
  Number((await knex('usage_rejection_changes').count({ n: '*' }))[0].n) +
  Number((await knex('usage_alert_changes').count({ n: '*' }))[0].n) +
  Number((await knex('usage_leg_changes').count({ n: '*' }))[0].n);

describe.each(databases.eachSupportedId())('usage rollups on %s', id => {
  let knex: Knex;
  let rollups: UsageRollups;
  let random: () => number;
  let made = 0;

  const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)];
  const randomTime = () => FROM + Math.floor(random() * (TO - FROM));

  /** `count` alerts at random times, each with a leg or two. */
  async function calls(count: number, db: Knex = knex) {
    for (let i = 0; i < count; i++) {
      made++;
      const teamRef = pick(TEAMS);
      // Some on a slot's or a day's first millisecond.
      const createdAt =
        random() < 0.2
          ? randomTime() - (randomTime() % (15 * 60_000))
          : randomTime();
      await db('alerts').insert({
        id: `a${made}`,
        team_ref: teamRef,
        integration_id: 'i1',
        caller_number: '+4930555000',
        dialled_number: pick(NUMBERS),
        status: 'closed',
        priority: 'P3',
        tags: '[]',
        created_at: createdAt,
        updated_at: createdAt,
        outcome: pick(OUTCOMES),
      });
      if (random() < 0.3) {
        await db('call_rejections').insert({
          integration_id: 'i1',
          caller_number: '+1900555000',
          at: randomTime(),
          call_sid: `CA-blocked-${made}`,
        });
      }
      const legs = 1 + Math.floor(random() * 2);
      for (let leg = 0; leg < legs; leg++) {
        const connected = random() < 0.5;
        await db('call_legs').insert({
          leg_sid: `CL${made}-${leg}`,
          call_sid: `CA${made}`,
          alert_id: `a${made}`,
          team_ref: teamRef,
          dialled_number: pick(NUMBERS),
          call_at: createdAt,
          user_ref: pick(USERS),
          status: connected ? 'completed' : 'no-answer',
          connected,
          domestic: random() < 0.6,
          billed_minutes: connected ? 1 + Math.floor(random() * 9) : 0,
          seconds_to_answer: connected ? Math.floor(random() * 40) : null,
          ended_at: createdAt + 60_000,
        });
      }
    }
  }

  beforeEach(async () => {
    knex = await databases.init(id);
    await applyMigrations(knex);
    await knex('integrations').insert({
      id: 'i1',
      team_ref: TEAMS[0],
      config: '{}',
      created_at: 0,
      updated_at: 0,
      updated_by: 'user:default/ana',
    });
    rollups = new UsageRollups(knex);
    random = seededRandom(13);
    made = 0;
  });

  it('reads the raw figures from the change log alone, from the rollups alone, and from both', async () => {
    await calls(120);
    // Nothing folded: every change is in the log.
    await expectRawFigures(knex);
    expect(await logged(knex)).toBe(await rows(knex));
    expect(await rollups.fold(1)).toBe(await rows(knex));
    expect(await logged(knex)).toBe(0);
    // Everything folded: the rollups alone.
    await expectRawFigures(knex);
    // A tail since the fold, then folded too.
    await calls(30);
    await expectRawFigures(knex);
    await rollups.fold(2);
    await expectRawFigures(knex);
    expect(
      Number((await knex('usage_rollup_lock').first('folded_at')).folded_at),
    ).toBe(2);
  });

  it('follows late changes: an outcome written after the call, a degraded write-back of an old call, a deleted alert', async () => {
    await calls(80);
    await rollups.fold(1);
    const alerts = new AlertStore(knex);
    // The voicemail arrives after the call was counted as abandoned.
    const abandoned = await knex('alerts')
      .where({ outcome: 'abandoned' })
      .first('id');
    await alerts.setOutcome(abandoned.id, 'voicemail', 30, new Date(TO));
    // A call answered during a database outage, written back weeks later,
    // with its own (old) times.
    const old = new Date('2026-03-03T09:15:00Z');
    await new DegradedAlertStore(knex).write({
      id: 'degraded-1',
      alert: {
        teamRef: TEAMS[0],
        integrationId: 'i1',
        callerNumber: '+4930555999',
        dialledNumber: NUMBERS[0],
        priority: 'P3',
        tags: [],
        at: old,
      },
      events: [
        {
          id: 'degraded-1-received',
          type: 'call-received',
          message: 'Call',
          at: old,
        },
      ],
      outcome: { outcome: 'voicemail', at: old },
    });
    await knex('alerts').where({ id: 'a3' }).delete();
    await knex('call_legs').where({ leg_sid: 'CL5-0' }).delete();
    await knex('call_rejections')
      .whereIn('id', knex('call_rejections').min('id'))
      .delete();
    // Read live from the log, before any fold.
    await expectRawFigures(knex);
    expect(await logged(knex)).toBeGreaterThan(0);
    await rollups.fold(2);
    expect(await logged(knex)).toBe(0);
    await expectRawFigures(knex);
    // An update that changes no figure logs nothing.
    await knex('alerts')
      .where({ id: 'a4' })
      .update({ status: 'open', updated_at: TO });
    expect(await logged(knex)).toBe(0);
  });

  it('counts each change once when two replicas fold at once while calls come in', async () => {
    await calls(60);
    // Two folds and new calls, all at once (on PostgreSQL over separate
    // connections; SQLite has one writer and runs them in turn).
    const [first, second] = await Promise.all([
      rollups.fold(1),
      rollups.fold(2),
      calls(20),
    ]);
    // Folded by one or the other, or still logged: every change once.
    expect(first + second + (await logged(knex))).toBe(await rows(knex));
    await expectRawFigures(knex);
    await Promise.all([rollups.fold(3), rollups.fold(4)]);
    expect(await logged(knex)).toBe(0);
    await expectRawFigures(knex);
  });

  if (id === 'POSTGRES_15') {
    it('keeps a change committed after a fold started for the next fold', async () => {
      await calls(20);
      await rollups.fold(1);
      const trx = await knex.transaction();
      try {
        await trx('alerts')
          .whereNot({ outcome: 'answered' })
          .update({ outcome: 'answered' });
        // The change is not committed: the fold neither sees nor waits for it.
        expect(await rollups.fold(2)).toBe(0);
        await trx.commit();
      } catch (error) {
        await trx.rollback();
        throw error;
      }
      await expectRawFigures(knex);
      expect(await rollups.fold(3)).toBeGreaterThan(0);
      await expectRawFigures(knex);
    });
  }
});
