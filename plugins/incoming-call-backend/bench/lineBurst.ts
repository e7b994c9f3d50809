/*
 * Benchmark of the line in the outage DESIGN.md plans for: 500 callers
 * arrive within 10 s for one team of 5 responders, through the simulated
 * phone network and two backend replicas behind a balancer, on PostgreSQL.
 * Each responder's phone answers after 2 s, confirms and talks for a time
 * of its own, then hangs up; the line hands them the next caller. The
 * network and the replicas share one clock running ICR_BENCH_FACTOR times
 * real time, so that the hour of calls takes 11 minutes. Not faster: the
 * factor crowds the callers' announcement rounds as much (see the
 * README), which a real outage would not. Prints, against
 * the targets: the head-of-line caller's time to their leg, the outbound
 * call attempts per caller, each responder's idle time between calls, and
 * the callers' waits. The clock runs at real time while the callers
 * arrive and for a while after (ICR_BENCH_REAL_SECONDS), as the outage
 * would come: only the long wait after that runs faster.
 *
 *   yarn bench:line
 *
 * Environment: ICR_BENCH_PG (default postgresql://postgres@127.0.0.1:5432),
 * ICR_BENCH_CALLERS (500), ICR_BENCH_FACTOR (5), ICR_BENCH_REPLICAS (2),
 * ICR_BENCH_REAL_SECONDS (60).
 */
import os from 'node:os';
import { mockServices } from '@backstage/backend-test-utils';
import {
  isFinalCall,
  ScaledClock,
  type SimulatedCall,
} from '@icr/phone-network-sim';
import type { Knex } from 'knex';
import { startNetworkReplicas } from '../src/__testUtils__/callBackend';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../src/__testUtils__/platformIntegration';
import { percentile } from './measure';
import { runInScratchDatabase } from './scratchDatabase';

const PG_URL =
  process.env.ICR_BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const CALLERS = Number(process.env.ICR_BENCH_CALLERS ?? 500);
const FACTOR = Number(process.env.ICR_BENCH_FACTOR ?? 5);
const REPLICAS = Number(process.env.ICR_BENCH_REPLICAS ?? 2);
/** Clock seconds from the first arrival that run at real time, before FACTOR. */
const REAL_SECONDS = Number(process.env.ICR_BENCH_REAL_SECONDS ?? 60);
/** All callers arrive within this (clock ms), evenly spread. */
const ARRIVALS_WITHIN_MS = 10_000;
const ANSWER_AFTER_SECONDS = 2;
/** Each responder's phone and how long they talk with every caller (s). */
const RESPONDERS = [
  { userRef: 'user:default/ana', phone: '+14155550101', talkSeconds: 20 },
  { userRef: 'user:default/bob', phone: '+14155550102', talkSeconds: 25 },
  { userRef: 'user:default/carol', phone: '+14155550103', talkSeconds: 30 },
  { userRef: 'user:default/user1', phone: '+14155550201', talkSeconds: 35 },
  { userRef: 'user:default/user2', phone: '+14155550202', talkSeconds: 40 },
];
/** The scheduler's sweep, every 5 s (clock) as in production. */
const SWEEP_EVERY_MS = 5_000;
/** Real time without a call ending after which the run fails as stalled. */
const STALLED_AFTER_MS = 60_000;

const TARGET_FIRST_LEG_P99_MS = 100;
const TARGET_ATTEMPTS_PER_CALLER = 1.1;
const TARGET_IDLE_P50_S = 5;

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1],
  };
}
const figures = (s: ReturnType<typeof summary>, unit: string, digits = 1) =>
  (['p50', 'p90', 'p99', 'max'] as const)
    .map(k => `${k} ${s[k].toFixed(digits).padStart(7)} ${unit}`)
    .join('  ');
const target = (label: string, ok: boolean, figure: string) => {
  console.log(`${label.padEnd(44)} ${ok ? 'PASS' : 'MISS'} (${figure})`);
  return ok;
};

/** When each call joined the line (ms on the clock), from its session. */
async function joinedLine(knex: Knex): Promise<Map<string, number>> {
  const rows: { call_sid: string; data: string }[] = await knex(
    'call_sessions',
  ).select('call_sid', 'data');
  return new Map(
    rows.map(row => [row.call_sid, JSON.parse(row.data).flow.queuedAt]),
  );
}

/** What the backend holds of calls that do not end: session and line entry. */
async function stuck(knex: Knex, calls: SimulatedCall[]) {
  return Promise.all(
    calls.map(async ({ sid }) => {
      const session = await knex('call_sessions')
        .where({ call_sid: sid })
        .first('state', 'data');
      const entry = await knex('line_entries')
        .where({ call_sid: sid })
        .first('wants', 'leg_user_ref');
      const flow = session ? JSON.parse(session.data).flow : undefined;
      delete flow?.plan;
      return `${sid}: ${
        session?.state ?? 'no session'
      }, line entry ${JSON.stringify(entry ?? null)}, flow ${JSON.stringify(
        flow,
      )}; busy: ${JSON.stringify(await knex('line_responders').select())}`;
    }),
  );
}

/** When the call's end was stored on its alert's timeline (ms on the clock). */
async function endedAt(knex: Knex, callSid?: string) {
  if (!callSid) return undefined;
  const row = await knex('call_sessions as s')
    .join('alert_events as e', 'e.alert_id', 's.alert_id')
    .where({ 's.call_sid': callSid, 'e.type': 'call-ended' })
    .first('e.at');
  return row ? Number(row.at) : undefined;
}

async function run(knex: Knex): Promise<boolean> {
  const clock = new ScaledClock(1);
  const started = await startNetworkReplicas(knex, {
    count: REPLICAS,
    clock,
    extra: [mockServices.rootLogger.factory({ level: 'error' })],
  });
  const { network } = started;
  let stopSweeping: (() => Promise<void>) | undefined;
  try {
    await savePlatformIntegration(knex, {
      recipients: RESPONDERS.map(r => r.userRef),
      usersToTry: RESPONDERS.length,
      incident: { enabled: true, calls: 10, windowMinutes: 5 },
    });
    for (const { phone, talkSeconds } of RESPONDERS) {
      network.setPhone(phone, {
        kind: 'answer',
        press: '1',
        afterSeconds: ANSWER_AFTER_SECONDS,
        talkSeconds,
      });
    }
    const [{ server_version: version }] = (
      await knex.raw('show server_version')
    ).rows;
    console.log(
      `Node ${process.version}, ${os.cpus().length} CPUs (load average ${os
        .loadavg()[0]
        .toFixed(1)}); PostgreSQL ${version}; ${REPLICAS} replicas`,
    );
    console.log(
      `${CALLERS} callers within ${ARRIVALS_WITHIN_MS / 1000} s for ${
        RESPONDERS.length
      } responders; phones answer after ${ANSWER_AFTER_SECONDS} s, confirm and talk ${RESPONDERS.map(
        r => r.talkSeconds,
      ).join(
        '/',
      )} s; the clock runs at real time for the first ${REAL_SECONDS} s, then ${FACTOR}x`,
    );

    stopSweeping = started.sweepEvery(SWEEP_EVERY_MS);
    const realStart = performance.now();
    const firstArrival = clock.now();
    clock.schedule(REAL_SECONDS * 1000, async () => clock.setFactor(FACTOR));
    const callers: SimulatedCall[] = [];
    for (let i = 0; i < CALLERS; i++) {
      await clock.sleep(
        firstArrival + (i * ARRIVALS_WITHIN_MS) / CALLERS - clock.now(),
      );
      callers.push(
        network.call(`+1202555${String(i).padStart(4, '0')}`, HOTLINE),
      );
    }
    let lastProgress = performance.now();
    let over = 0;
    let reported = performance.now();
    let left = callers;
    for (;;) {
      left = left.filter(c => !isFinalCall(network.get(c.sid)));
      if (left.length === 0) break;
      if (CALLERS - left.length > over) {
        over = CALLERS - left.length;
        lastProgress = performance.now();
      }
      if (performance.now() - lastProgress > STALLED_AFTER_MS) {
        throw new Error(
          `No call ended for ${STALLED_AFTER_MS / 1000} s (${
            (STALLED_AFTER_MS * FACTOR) / 60_000
          } min on the clock); ${left.length} still on the line:\n${(
            await stuck(knex, left.slice(0, 5))
          ).join('\n')}`,
        );
      }
      if (performance.now() - reported > 30_000) {
        reported = performance.now();
        console.log(`  … ${over} of ${CALLERS} calls over`);
      }
      await sleep(500);
    }
    await stopSweeping();
    stopSweeping = undefined;
    await network.settled();
    const realSeconds = (performance.now() - realStart) / 1000;

    const joined = await joinedLine(knex);
    const servedAt = new Map<string, number>();
    /** Legs to a responder freed while callers waited: the head of the line's. */
    const headOfLine: number[] = [];
    /** The same, for responders freed while the clock still ran at real time. */
    const headOfLineInRealTime: number[] = [];
    /** Legs to a responder who was free when the caller joined the line. */
    const onArrival: number[] = [];
    const idle: number[] = [];
    /** The idle times with what they lay between, to show the longest. */
    const gaps: {
      seconds: number;
      before: SimulatedCall;
      leg: SimulatedCall;
    }[] = [];
    let legs = 0;
    for (const { phone } of RESPONDERS) {
      const theirs = network
        .calls()
        .filter(c => c.direction === 'outbound-api' && c.to === phone)
        .sort((a, b) => a.createdAt - b.createdAt);
      legs += theirs.length;
      theirs.forEach((leg, i) => {
        const bridge = leg.bridges[0];
        if (!bridge) return;
        servedAt.set(bridge.with, bridge.since);
        const queuedAt = joined.get(bridge.with)!;
        const freedAt = i > 0 ? theirs[i - 1].endedAt! : -Infinity;
        if (queuedAt <= freedAt) {
          const ms = clock.realMsBetween(freedAt, leg.createdAt);
          headOfLine.push(ms);
          if (freedAt < firstArrival + REAL_SECONDS * 1000) {
            headOfLineInRealTime.push(ms);
          }
          idle.push((bridge.since - freedAt) / 1000);
          gaps.push({
            seconds: (bridge.since - freedAt) / 1000,
            before: theirs[i - 1],
            leg,
          });
        } else {
          onArrival.push(clock.realMsBetween(queuedAt, leg.createdAt));
        }
      });
    }
    const served = callers.filter(c => servedAt.has(c.sid));
    const waits = served.map(
      c => (servedAt.get(c.sid)! - network.get(c.sid).createdAt) / 1000,
    );
    const attempts = legs / CALLERS;
    const clockMinutes =
      (Math.max(...callers.map(c => network.get(c.sid).endedAt!)) -
        Math.min(...callers.map(c => c.createdAt))) /
      60_000;

    console.log(
      `\nAll ${CALLERS} calls over after ${realSeconds.toFixed(
        0,
      )} s (${clockMinutes.toFixed(0)} min on the clock); ${
        served.length
      } connected, ${legs} responder legs placed`,
    );
    console.log(
      "Head of the line's time to first leg: from the moment a responder is free for the caller at the head of the line (the responder's last leg ended while callers waited) to the REST request for that caller's leg to them; real ms",
    );
    console.log(`  ${figures(summary(headOfLine), 'ms')}`);
    if (headOfLineInRealTime.length > 0) {
      console.log(
        `  of which in the first ${REAL_SECONDS} s (real time; ${
          headOfLineInRealTime.length
        } legs): ${figures(summary(headOfLineInRealTime), 'ms')}`,
      );
    }
    console.log(
      'For comparison, a caller who joined the line while a responder was free: from joining the line to the request for their leg; real ms',
    );
    console.log(`  ${figures(summary(onArrival), 'ms')}`);
    console.log(
      "Responder idle: from a responder's last leg ending to their next caller's bridge, while that caller was already waiting; includes the phone's 2 s to answer; clock s",
    );
    console.log(`  ${figures(summary(idle), 's')}`);
    const start = Math.min(...callers.map(c => c.createdAt));
    const at = (ms: number) => `${((ms - start) / 1000).toFixed(1)} s`;
    for (const { seconds, before, leg } of gaps
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, 3)) {
      const ended = await endedAt(knex, before.bridges[0]?.with);
      console.log(
        `  idle ${seconds.toFixed(1)} s: ${leg.to}'s leg ${
          before.sid
        } ended at ${at(before.endedAt!)} (its caller's call-ended stored at ${
          ended === undefined ? 'never' : at(ended)
        }), the next leg requested at ${at(leg.createdAt)}`,
      );
    }
    console.log(
      'Caller wait: from the call arriving to its bridge with a responder; clock s',
    );
    console.log(`  ${figures(summary(waits), 's', 0)}`);
    console.log('');
    const met = [
      target(
        `Head of line's first leg p99 < ${TARGET_FIRST_LEG_P99_MS} ms`,
        summary(headOfLine).p99 < TARGET_FIRST_LEG_P99_MS,
        `${summary(headOfLine).p99.toFixed(1)} ms`,
      ),
      target(
        `Outbound attempts per caller <= ${TARGET_ATTEMPTS_PER_CALLER}`,
        attempts <= TARGET_ATTEMPTS_PER_CALLER,
        `${attempts.toFixed(2)}`,
      ),
      target(
        `Responder idle p50 < ${TARGET_IDLE_P50_S} s`,
        summary(idle).p50 < TARGET_IDLE_P50_S,
        `${summary(idle).p50.toFixed(1)} s`,
      ),
      target(
        'Every caller connected',
        served.length === CALLERS,
        `${served.length} of ${CALLERS}`,
      ),
    ];
    return met.every(Boolean);
  } finally {
    await stopSweeping?.();
    await started.stop();
  }
}

runInScratchDatabase(PG_URL, 'line', run);
// A Backstage backend ends the process with 0 once nothing is left to do
// (its 'beforeExit' hook): keep the benchmark's own exit code.
process.once('beforeExit', () => process.exit(process.exitCode));
