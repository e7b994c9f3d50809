/*
 * Benchmark of the alert reads people wait for, at the scale issue 11 plans
 * for: 1,000,000 alerts with 5,000,000 timeline events across 2,000 teams in
 * PostgreSQL (a scratch database, created with INSERT … SELECT
 * generate_series and dropped at the end). Through the store methods the
 * API uses, it times the team tab's first page, a filtered Alerts page page
 * (status + team + time range) and one alert with its timeline, and prints
 * p50/p99 against the target p99 < 10 ms each, with the time the data took
 * to create.
 *
 *   yarn bench:alerts
 *
 * Environment: ICR_BENCH_PG (default postgresql://postgres@127.0.0.1:5432),
 * ICR_BENCH_ALERTS (default 1000000; 5 events each), ICR_BENCH_RUNS
 * (default 1000 timed runs of each read).
 */
import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import { seededRandom } from '../src/__testUtils__/seededRandom';
import { AlertStore } from '../src/database/AlertStore';
import { createMeasure } from './measure';
import { runInScratchDatabase } from './scratchDatabase';

const PG_URL =
  process.env.ICR_BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const ALERTS = Number(process.env.ICR_BENCH_ALERTS ?? 1_000_000);
const EVENTS_PER_ALERT = 5;
const TEAMS = 2_000;
const RUNS = Number(process.env.ICR_BENCH_RUNS ?? 1_000);
const WARM_UP = 100;
const TARGET_P99_MS = 10;
/** The alerts span a year, one every ~31.5 s: about 500 a team. */
const SPAN_MS = 365 * 24 * 3600 * 1000;
const END = Date.parse('2026-12-01T00:00:00Z');
const START = END - SPAN_MS;
const STEP_MS = Math.floor(SPAN_MS / ALERTS);

const random = seededRandom(11);
const teamRef = (n: number) => `group:default/team-${n}`;
const randomTeam = () => teamRef(Math.floor(random() * TEAMS));
/** The id of alert number n (1-based), as the data below makes it. */
const alertId = (n: number) =>
  `${n.toString(16).padStart(8, '0')}-0000-4000-8000-${n
    .toString(16)
    .padStart(12, '0')}`;

const ms = (from: number) => performance.now() - from;

async function timed(label: string, work: () => Promise<unknown>) {
  const started = performance.now();
  await work();
  const took = ms(started);
  console.log(`  ${label.padEnd(44)} ${(took / 1000).toFixed(1)} s`);
  return took;
}

/**
 * 1M alerts, 5M events, a voicemail on every tenth alert. Alert g is team
 * g mod 2000's; its status and outcome vary with g div 2000, so each team
 * has every status (70% closed, 20% acknowledged, 10% open).
 */
async function createData(knex: Knex) {
  const events = ALERTS * EVENTS_PER_ALERT;
  console.log(
    `Creating ${ALERTS.toLocaleString('en')} alerts and ${events.toLocaleString(
      'en',
    )} events across ${TEAMS.toLocaleString('en')} teams:`,
  );
  const started = performance.now();
  await timed('alerts (INSERT … SELECT generate_series)', () =>
    knex.raw(
      `INSERT INTO alerts (id, team_ref, integration_id, caller_number,
         dialled_number, status, priority, tags, acknowledged_by,
         created_at, updated_at, outcome, answered_by, duration_seconds)
       SELECT lpad(to_hex(g), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(g), 12, '0'),
         'group:default/team-' || (g % ?),
         lpad(to_hex(g % ?), 8, '0') || '-1111-4000-8000-000000000000',
         '+4930' || lpad((g % 9999991)::text, 7, '0'),
         '+14155550100',
         (ARRAY['open', 'acknowledged', 'closed', 'closed', 'closed',
                'closed', 'closed', 'closed', 'closed', 'acknowledged'])[(g / ?) % 10 + 1],
         'P3', '[]',
         CASE WHEN (g / ${TEAMS}) % 4 IN (0, 3) THEN 'user:default/u' || (g % 10000) END,
         ?::bigint + g::bigint * ?, ?::bigint + g::bigint * ? + 60000,
         (ARRAY['answered', 'voicemail', 'abandoned', 'answered'])[(g / ?) % 4 + 1],
         CASE WHEN (g / ${TEAMS}) % 4 IN (0, 3) THEN 'user:default/u' || (g % 10000) END,
         g % 600
       FROM generate_series(1, ?) AS g`,
      [TEAMS, TEAMS, TEAMS, START, STEP_MS, START, STEP_MS, TEAMS, ALERTS],
    ),
  );
  await timed('events (INSERT … SELECT generate_series)', () =>
    knex.raw(
      `INSERT INTO alert_events (id, alert_id, type, at, message, user_ref)
       SELECT lpad(to_hex(e), 8, '0') || '-2222-4000-8000-' || lpad(to_hex(e), 12, '0'),
         lpad(to_hex(a), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(a), 12, '0'),
         (ARRAY['call-received', 'responder-dialled', 'responder-outcome',
                'answered', 'call-ended'])[k + 1],
         ?::bigint + a::bigint * ? + k * 5000,
         'Event ' || k || ' of the call',
         CASE WHEN k IN (1, 2, 3) THEN 'user:default/u' || (a % 10000) END
       FROM generate_series(0, ? - 1) AS e,
         LATERAL (SELECT e / ? + 1 AS a, e % ? AS k) AS x`,
      [START, STEP_MS, events, EVENTS_PER_ALERT, EVENTS_PER_ALERT],
    ),
  );
  const hasVoicemails = await knex.schema.hasTable('alert_voicemails');
  if (hasVoicemails) {
    await timed('voicemails (every tenth alert)', () =>
      knex.raw(
        `INSERT INTO alert_voicemails (recording_sid, alert_id, call_sid,
           recording_url, duration_seconds, transcript, created_at, updated_at)
         SELECT 'RE' || lpad(to_hex(g), 32, '0'),
           lpad(to_hex(g), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(g), 12, '0'),
           'CA' || lpad(to_hex(g), 32, '0'),
           'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE' || lpad(to_hex(g), 32, '0'),
           g % 120, 'Please call me back', ?::bigint + g::bigint * ?, ?::bigint + g::bigint * ?
         FROM generate_series(10, ?, 10) AS g`,
        [START, STEP_MS, START, STEP_MS, ALERTS],
      ),
    );
  }
  await timed('VACUUM ANALYZE', () =>
    knex.raw('VACUUM ANALYZE alerts, alert_events'),
  );
  const took = ms(started);
  console.log(
    `  ${'data created in'.padEnd(44)} ${(took / 1000).toFixed(1)} s`,
  );
  return took;
}

const measure = createMeasure({
  runs: RUNS,
  warmUp: WARM_UP,
  targetP99Ms: TARGET_P99_MS,
  labelWidth: 46,
  digits: 2,
});

runInScratchDatabase(PG_URL, 'alerts', async knex => {
  await createData(knex);
  const alerts = new AlertStore(knex);
  console.log(
    `\nReads through AlertStore, ${RUNS} timed runs each after ${WARM_UP} warm-up runs:`,
  );
  const results = [
    await measure(
      'Team tab, first page (listByTeam, 20)',
      () => alerts.listByTeam(randomTeam(), { limit: 20 }),
      page => {
        if (page.items.length !== Math.min(20, ALERTS / TEAMS)) {
          throw new Error('a short team page');
        }
      },
    ),
    await measure(
      'Alerts page: status + team + 30 days (search)',
      () => {
        const from = START + Math.floor(random() * (SPAN_MS - 30 * 86400_000));
        return alerts.search({
          limit: 20,
          team: randomTeam(),
          status: 'closed',
          from: new Date(from).toISOString(),
          to: new Date(from + 30 * 86400_000).toISOString(),
        });
      },
      page => {
        if (ALERTS >= 100_000 && page.items.length === 0) {
          throw new Error('an empty search page');
        }
      },
    ),
    await measure(
      'One alert with its timeline (getWithTimeline)',
      () => alerts.getWithTimeline(alertId(1 + Math.floor(random() * ALERTS))),
      alert => {
        if (alert?.events.length !== EVENTS_PER_ALERT) {
          throw new Error('an alert without its timeline');
        }
      },
    ),
  ];
  return !results.includes(false);
});
