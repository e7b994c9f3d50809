/*
 * Benchmark of the usage and call analytics reads (issue 13) on 1,000,000
 * alerts in PostgreSQL: a scratch database, filled with INSERT … SELECT
 * generate_series (the usage triggers log every row), its change log folded
 * into the organisation's rollups once, with 1,000 later changes left in
 * the log, and dropped at the end (also after a failure). Through
 * the UsageService the API uses, it times a month's usage of one team and
 * of the organisation, and the call analytics of one team and of the
 * organisation over a month and over a year, and prints p50/p99 against
 * the target p99 < 100 ms each.
 *
 *   yarn bench:usage
 *
 * Environment: ICR_BENCH_PG (default postgresql://postgres@127.0.0.1:5432),
 * ICR_BENCH_ALERTS (default 1000000), ICR_BENCH_RUNS (default 100 timed
 * runs of each read).
 */
import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import type { RoutingSnapshot } from '@icr/plugin-incoming-call-common';
import { seededRandom } from '../src/__testUtils__/seededRandom';
import { AnalyticsStore } from '../src/database/AnalyticsStore';
import { UsageRollups } from '../src/database/UsageRollups';
import { UsageStore } from '../src/database/UsageStore';
import { UsageService } from '../src/services/usage/UsageService';
import { createMeasure } from './measure';
import { runInScratchDatabase } from './scratchDatabase';

const PG_URL =
  process.env.ICR_BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const ALERTS = Number(process.env.ICR_BENCH_ALERTS ?? 1_000_000);
const TEAMS = 2_000;
/** Each team's responders: 10,000 users in all. */
const RESPONDERS_A_TEAM = 5;
const RUNS = Number(process.env.ICR_BENCH_RUNS ?? 100);
const WARM_UP = 10;
const TARGET_P99_MS = 100;
/** The alerts span the year 2026, one every ~31.5 s: about 500 a team. */
const START = Date.parse('2026-01-01T00:00:00Z');
const END = Date.parse('2027-01-01T00:00:00Z');
const STEP_MS = Math.floor((END - START) / ALERTS);
const REJECTIONS = Math.floor(ALERTS / 20);
/** Outcomes changed after the last fold, read from the change log. */
const LATE_CHANGES = 1_000;
/** Enough alerts that every team has calls in every month. */
const DENSE = ALERTS / TEAMS / 12 >= 10;

const random = seededRandom(13);
const teamRef = (n: number) => `group:default/team-${n}`;
const randomTeam = () => teamRef(Math.floor(random() * TEAMS));
const months = Array.from(
  { length: 12 },
  (_, m) => `2026-${String(m + 1).padStart(2, '0')}`,
);
const randomMonth = () => months[Math.floor(random() * 12)];
const monthPeriodOf = (month: string) => {
  const from = new Date(`${month}-01T00:00:00Z`);
  const to = new Date(from);
  to.setUTCMonth(to.getUTCMonth() + 1);
  return { from: from.toISOString(), to: to.toISOString() };
};
const YEAR = {
  from: new Date(START).toISOString(),
  to: new Date(END).toISOString(),
};

const ms = (from: number) => performance.now() - from;

async function timed(label: string, work: () => Promise<unknown>) {
  const started = performance.now();
  await work();
  console.log(`  ${label.padEnd(46)} ${(ms(started) / 1000).toFixed(1)} s`);
}

/**
 * 2,000 teams with an integration and a number each; 1M alerts, alert g
 * team g mod 2000's, its outcome varying with g div 2000 (half answered, a
 * quarter voicemail, a quarter abandoned); 1.5M responder legs (every
 * alert one, every even one a second), domestic or international; a
 * blocked call for every twentieth alert.
 */
async function createData(knex: Knex) {
  console.log(
    `Creating ${ALERTS.toLocaleString(
      'en',
    )} alerts across ${TEAMS.toLocaleString('en')} teams:`,
  );
  const started = performance.now();
  await timed('integrations and numbers', async () => {
    await knex.raw(
      `INSERT INTO integrations (id, team_ref, config, created_at, updated_at, updated_by)
       SELECT lpad(to_hex(t), 8, '0') || '-1111-4000-8000-000000000000',
         'group:default/team-' || t, '{}', ?::bigint, ?::bigint, 'user:default/u0'
       FROM generate_series(0, ? - 1) AS t`,
      [START, START, TEAMS],
    );
    await knex.raw(
      `INSERT INTO phone_numbers (number, integration_id, country, source)
       SELECT '+1415' || lpad(t::text, 7, '0'),
         lpad(to_hex(t), 8, '0') || '-1111-4000-8000-000000000000', 'US', 'attached'
       FROM generate_series(0, ? - 1) AS t`,
      [TEAMS],
    );
  });
  await timed('alerts (INSERT … SELECT generate_series)', () =>
    knex.raw(
      `INSERT INTO alerts (id, team_ref, integration_id, caller_number,
         dialled_number, status, priority, tags, created_at, updated_at,
         outcome, duration_seconds)
       SELECT lpad(to_hex(g), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(g), 12, '0'),
         'group:default/team-' || (g % ?),
         lpad(to_hex(g % ?), 8, '0') || '-1111-4000-8000-000000000000',
         '+4930' || lpad((g % 9999991)::text, 7, '0'),
         '+1415' || lpad((g % ?)::text, 7, '0'),
         'closed', 'P3', '[]',
         ?::bigint + g::bigint * ?, ?::bigint + g::bigint * ? + 60000,
         (ARRAY['answered', 'voicemail', 'answered', 'abandoned'])[(g / ?) % 4 + 1],
         g % 600
       FROM generate_series(1, ?) AS g`,
      [TEAMS, TEAMS, TEAMS, START, STEP_MS, START, STEP_MS, TEAMS, ALERTS],
    ),
  );
  // The leg that got an answered call's caller is its last.
  await timed('legs (INSERT … SELECT generate_series)', () =>
    knex.raw(
      `INSERT INTO call_legs (leg_sid, call_sid, alert_id, team_ref,
         dialled_number, call_at, user_ref, status, connected, domestic,
         billed_minutes, seconds_to_answer, ended_at)
       SELECT 'CA' || lpad(to_hex(g), 30, '0') || k,
         'CA' || lpad(to_hex(g), 32, '0'),
         lpad(to_hex(g), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(g), 12, '0'),
         'group:default/team-' || (g % ?),
         '+1415' || lpad((g % ?)::text, 7, '0'),
         ?::bigint + g::bigint * ?,
         'user:default/u' || ((g % ?) * ? + (g / ? + k) % ?),
         CASE WHEN answered AND last THEN 'completed' ELSE 'no-answer' END,
         answered AND last,
         k = 0 OR g % 3 <> 0,
         CASE WHEN answered AND last THEN 1 + g % 10 ELSE 0 END,
         CASE WHEN answered AND last THEN 5 + g % 120 END,
         ?::bigint + g::bigint * ? + 60000
       FROM generate_series(1, ?) AS g,
         LATERAL generate_series(0, CASE WHEN g % 2 = 0 THEN 1 ELSE 0 END) AS k,
         LATERAL (SELECT (g / ?) % 2 = 0 AS answered,
                         k = CASE WHEN g % 2 = 0 THEN 1 ELSE 0 END AS last) AS x`,
      [
        TEAMS,
        TEAMS,
        START,
        STEP_MS,
        TEAMS,
        RESPONDERS_A_TEAM,
        TEAMS,
        RESPONDERS_A_TEAM,
        START,
        STEP_MS,
        ALERTS,
        TEAMS,
      ],
    ),
  );
  await timed('blocked calls (every twentieth alert)', () =>
    knex.raw(
      `INSERT INTO call_rejections (integration_id, caller_number, at, call_sid)
       SELECT lpad(to_hex(g % ?), 8, '0') || '-1111-4000-8000-000000000000',
         '+1900' || lpad(g::text, 7, '0'), ?::bigint + g::bigint * ?,
         'CA' || lpad(to_hex(g), 31, '0') || 'f'
       FROM generate_series(1, ?) AS g`,
      [TEAMS, START, STEP_MS * 20, REJECTIONS],
    ),
  );
  // The triggers logged every row: the scheduled task's first fold.
  await timed('usage rollups: first fold of the change log', () =>
    new UsageRollups(knex).fold(Date.now()),
  );
  // The fold leaves the log empty but its pages allocated, until
  // autovacuum (which the dead rows set off at once) gives them back.
  await timed('VACUUM of the change logs', () =>
    knex.raw(
      'VACUUM usage_rejection_changes, usage_alert_changes, usage_leg_changes',
    ),
  );
  // Changes since the last fold, which the reads add from the log: late
  // voicemails of a thousand abandoned calls.
  await timed('1,000 late outcomes (logged, not folded)', () =>
    knex.raw(
      `UPDATE alerts SET outcome = 'voicemail' WHERE id IN (
         SELECT id FROM alerts WHERE outcome = 'abandoned' LIMIT ${LATE_CHANGES})`,
    ),
  );
  await timed('VACUUM ANALYZE', () =>
    knex.raw(
      `VACUUM ANALYZE alerts, call_legs, call_rejections, phone_numbers,
         integrations, usage_alert_changes, usage_leg_changes,
         usage_rejection_changes, usage_blocked_days, usage_call_slots,
         usage_number_months, usage_responder_years,
         usage_answer_months, usage_answer_days`,
    ),
  );
  console.log(
    `  ${'data created in'.padEnd(46)} ${(ms(started) / 1000).toFixed(1)} s`,
  );
}

const measure = createMeasure({
  runs: RUNS,
  warmUp: WARM_UP,
  targetP99Ms: TARGET_P99_MS,
  labelWidth: 44,
  digits: 1,
});

const calledAtAll = (analytics: any) => {
  if (DENSE && (analytics.calls === 0 || analytics.responders.length === 0)) {
    throw new Error('analytics without calls');
  }
};

runInScratchDatabase(PG_URL, 'usage', async knex => {
  await createData(knex);
  const snapshot = { users: new Map() } as unknown as RoutingSnapshot;
  const usage = new UsageService({
    usage: new UsageStore(knex),
    analytics: new AnalyticsStore(knex),
    pricing: {
      numberMonthlyCents: 1000,
      domesticMinuteCents: 10,
      internationalMinuteCents: 35,
      freeNumbers: 0,
    },
    catalog: { snapshot: async () => snapshot },
  });
  const tz = 'Europe/Berlin';
  console.log(
    `\nReads through UsageService, ${RUNS} timed runs each after ${WARM_UP} warm-up runs (analytics by hour in ${tz}):`,
  );
  const results = [
    await measure(
      'Usage, one team, a month',
      () => usage.usage(randomMonth(), randomTeam()),
      u => {
        if (DENSE && u.totals.calls === 0) {
          throw new Error('usage without calls');
        }
      },
    ),
    await measure(
      'Usage, organisation, a month',
      () => usage.usage(randomMonth()),
      u => {
        if (u.numbers.length !== TEAMS) throw new Error('numbers missing');
      },
    ),
    await measure(
      'Analytics, one team, a month',
      () =>
        usage.analytics({ ...monthPeriodOf(randomMonth()), tz }, randomTeam()),
      calledAtAll,
    ),
    await measure(
      'Analytics, one team, a year',
      () => usage.analytics({ ...YEAR, tz }, randomTeam()),
      calledAtAll,
    ),
    await measure(
      'Analytics, organisation, a month',
      () => usage.analytics({ ...monthPeriodOf(randomMonth()), tz }),
      calledAtAll,
    ),
    await measure(
      'Analytics, organisation, a year',
      () => usage.analytics({ ...YEAR, tz }),
      calledAtAll,
    ),
  ];
  return !results.includes(false);
});
