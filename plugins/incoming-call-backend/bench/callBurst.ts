/*
 * Benchmark of the outage DESIGN.md plans for: a burst of 500 simultaneous
 * incoming calls against the real backend plugin on PostgreSQL. Each burst
 * sends 500 signed incoming-call webhooks and 500 requests to a no-op route
 * of the same server, interleaved; it prints the latency of both, and the
 * time from a call's webhook to the REST request for its first responder
 * leg, against the targets. The bursts differ in how their arrivals are
 * spread: all at the same instant, over one second, over five.
 *
 *   yarn bench:call-burst
 *
 * Environment: ICR_BENCH_PG (default postgresql://postgres@127.0.0.1:5432),
 * ICR_BENCH_CALLS (500), ICR_BENCH_WINDOWS_MS (0,1000,5000: the spreads),
 * ICR_BENCH_POOL_MAX (10, as Backstage's default), ICR_BENCH_SQL=1 (count
 * the statements run), ICR_BENCH_CPU_PROFILE=file (a CPU profile of the
 * server's thread during each burst, as file.<spread>).
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import {
  coreServices,
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { SimulatedPhoneNetwork } from '@icr/phone-network-sim';
import Router from 'express-promise-router';
import knexFactory, { type Knex } from 'knex';
import twilio, { type RequestClient } from 'twilio';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  PUBLIC_URL,
} from '../src/__testUtils__/callBackend';
import { exampleEntities } from '../src/__testUtils__/exampleEntities';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../src/__testUtils__/platformIntegration';
import { incomingCallTwilioExtensionPoint } from '@icr/plugin-incoming-call-node';
import { incomingCallPlugin } from '../src/plugin';

const PG_URL =
  process.env.ICR_BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const CALLS = Number(process.env.ICR_BENCH_CALLS ?? 500);
// Backstage's PostgreSQL connector keeps knex's default maximum (10).
const POOL_MAX = Number(process.env.ICR_BENCH_POOL_MAX ?? 10);
const COUNT_SQL = process.env.ICR_BENCH_SQL === '1';
const CPU_PROFILE = process.env.ICR_BENCH_CPU_PROFILE;
const WARMUP_CALLS = 20;
/**
 * How long each burst's arrivals are spread over (ms): all at the same
 * instant (the extreme: the floor of the machine is then the no-op route's
 * own latency), within one second (500 calls a second), within five.
 */
const WINDOWS_MS = (process.env.ICR_BENCH_WINDOWS_MS ?? '0,1000,5000')
  .split(',')
  .map(Number);
// The outbound rate limit (default 1/s) would space the legs out: lift it.
const CALLS_PER_SECOND_KEY = 'incomingCall.twilio.callsPerSecond';
const CALLS_PER_SECOND = 10_000;
const WAIT_MS = 20_000;

const TARGET_WEBHOOK_P99_MS = 50;
const TARGET_WEBHOOK_TO_NOOP_P99 = 2;
const TARGET_FIRST_LEG_P99_MS = 100;

const WEBHOOK_PATH = '/api/incoming-call/webhooks/voice';
const NOOP_PATH = '/api/bench/noop';

/** Milliseconds on a clock every thread of the process shares. */
const now = () => performance.timeOrigin + performance.now();

/** A tiny extra plugin on the same server: the baseline route. */
const noopPlugin = createBackendPlugin({
  pluginId: 'bench',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        const router = Router();
        router.all('/noop', (_req, res) => {
          res.type('text/plain').send('ok');
        });
        httpRouter.use(router);
        httpRouter.addAuthPolicy({ path: '/noop', allow: 'unauthenticated' });
      },
    });
  },
});

interface BenchRequest {
  path: string;
  body: string;
  headers: Record<string, string>;
}

/** A request's client-side timing: sent, then the last byte of the answer. */
interface BenchResult {
  status: number;
  body: string;
  sentAt: number;
  ms: number;
}

/**
 * The load generator. It runs in a worker thread, as Twilio runs elsewhere:
 * its own work must not queue on the server's event loop. It is handed to
 * the worker as source text, so it is self-contained. Every batch of
 * requests is sent at once over keep-alive sockets, which stay open from
 * one batch to the next.
 */
function loadGenerator() {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { parentPort, workerData } =
    require('node:worker_threads') as typeof import('node:worker_threads');
  const http = require('node:http') as typeof import('node:http');
  const { performance: perf } =
    require('node:perf_hooks') as typeof import('node:perf_hooks');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const clock = () => perf.timeOrigin + perf.now();
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: Infinity,
    maxFreeSockets: Infinity,
  });
  const send = (request: BenchRequest) =>
    new Promise<BenchResult>((resolve, reject) => {
      const sentAt = clock();
      const req = http.request(
        {
          agent,
          host: '127.0.0.1',
          port: workerData.port,
          path: request.path,
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            'Content-Length': Buffer.byteLength(request.body),
            ...request.headers,
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', chunk => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode || 0,
              body: Buffer.concat(chunks).toString(),
              sentAt,
              ms: clock() - sentAt,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(request.body);
    });
  // Sends each request at its offset (ms) from the start of the batch;
  // those due together go out in one go.
  const sendPaced = (batch: BenchRequest[], offsets: number[]) => {
    const start = clock();
    const sent: Promise<BenchResult>[] = [];
    return new Promise<BenchResult[]>(resolve => {
      const pump = () => {
        const elapsed = clock() - start;
        while (sent.length < batch.length && offsets[sent.length] <= elapsed) {
          sent.push(send(batch[sent.length]));
        }
        if (sent.length < batch.length) {
          setTimeout(pump, Math.max(0, offsets[sent.length] - elapsed));
        } else {
          resolve(Promise.all(sent));
        }
      };
      pump();
    });
  };
  parentPort!.on(
    'message',
    (message: { batch: BenchRequest[]; offsets: number[] } | 'close') => {
      if (message === 'close') {
        agent.destroy();
        parentPort!.close();
        return;
      }
      sendPaced(message.batch, message.offsets).then(
        results => parentPort!.postMessage({ results }),
        error => parentPort!.postMessage({ error: String(error) }),
      );
    },
  );
}

/** Sends batches of requests through the worker, one batch at a time. */
class LoadGenerator {
  readonly #worker: Worker;

  constructor(port: number) {
    this.#worker = new Worker(`(${loadGenerator.toString()})()`, {
      eval: true,
      workerData: { port },
    });
  }

  /**
   * Sends the batch: each request at its offset (ms) from the start, all at
   * once without offsets. Offsets must not decrease.
   */
  send(batch: BenchRequest[], offsets?: number[]): Promise<BenchResult[]> {
    return new Promise((resolve, reject) => {
      this.#worker.once(
        'message',
        (reply: { results?: BenchResult[]; error?: string }) =>
          reply.results ? resolve(reply.results) : reject(reply.error),
      );
      this.#worker.postMessage({
        batch,
        offsets: offsets ?? batch.map(() => 0),
      });
    });
  }

  async close() {
    const exited = new Promise(resolve => this.#worker.once('exit', resolve));
    this.#worker.postMessage('close');
    await exited;
  }
}

/** A signed incoming-call webhook, and its sibling no-op request. */
function incomingCall(i: number) {
  const callSid = `CA${randomBytes(16).toString('hex')}`;
  const params = {
    AccountSid: ACCOUNT_SID,
    CallSid: callSid,
    From: `+1202555${String(i).padStart(4, '0')}`,
    To: HOTLINE,
    CallStatus: 'ringing',
    Direction: 'inbound',
  };
  const body = new URLSearchParams(params).toString();
  const signature = twilio.getExpectedTwilioSignature(
    AUTH_TOKEN,
    `${PUBLIC_URL}/voice`,
    params,
  );
  return {
    callSid,
    webhook: {
      path: WEBHOOK_PATH,
      body,
      headers: { 'X-Twilio-Signature': signature },
    },
    // The same body, unsigned: the no-op route ignores it.
    noop: { path: NOOP_PATH, body, headers: {} },
  };
}

// Nearest rank.
const percentile = (sorted: number[], p: number) =>
  sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
  };
}

const ms = (value: number) => `${value.toFixed(1).padStart(7)} ms`;
const line = (label: string, s: ReturnType<typeof summary>) =>
  `${label.padEnd(21)} p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  p99 ${ms(
    s.p99,
  )}  max ${ms(s.max)}`;
const target = (label: string, ok: boolean, figure: string) => ({
  ok,
  text: `${label.padEnd(32)} ${ok ? 'PASS' : 'MISS'} (${figure})`,
});

const sleep = (millis: number) =>
  new Promise(resolve => setTimeout(resolve, millis));

async function waitFor(what: string, done: () => boolean) {
  const deadline = Date.now() + WAIT_MS;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(10);
  }
}

interface QueryEvent {
  __knexQueryUid: string;
  sql: string;
}

/**
 * Where the backend's time goes in the database, while `recording`: each
 * query's round trip, each wait for a connection of the pool, and (with
 * ICR_BENCH_SQL=1) how often each statement ran.
 */
function watchDatabase(knex: Knex) {
  const stats = {
    recording: false,
    /** Statements sent, transaction BEGIN and COMMIT included. */
    roundTrips: 0,
    /** Round trips of the statements knex reports an answer for. */
    queries: [] as number[],
    waits: [] as number[],
    statements: new Map<string, number>(),
  };
  const reset = () => {
    stats.roundTrips = 0;
    stats.queries = [];
    stats.waits = [];
    stats.statements.clear();
  };
  const queryStarts = new Map<string, number>();
  knex.on('query', (q: QueryEvent) => {
    if (!stats.recording) return;
    stats.roundTrips++;
    queryStarts.set(q.__knexQueryUid, now());
    if (COUNT_SQL) {
      const sql = q.sql.replace(/\s+/g, ' ').slice(0, 100);
      stats.statements.set(sql, (stats.statements.get(sql) ?? 0) + 1);
    }
  });
  knex.on('query-response', (_response: unknown, q: QueryEvent) => {
    const start = queryStarts.get(q.__knexQueryUid);
    if (start === undefined) return;
    queryStarts.delete(q.__knexQueryUid);
    stats.queries.push(now() - start);
  });
  const acquireStarts = new Map<number, number>();
  const pool = knex.client.pool;
  pool.on('acquireRequest', (id: number) => {
    if (stats.recording) acquireStarts.set(id, now());
  });
  pool.on('acquireSuccess', (id: number) => {
    const start = acquireStarts.get(id);
    if (start === undefined) return;
    acquireStarts.delete(id);
    stats.waits.push(now() - start);
  });
  return Object.assign(stats, { reset });
}

/**
 * Waits until the work the backend does after answering (dialling, the
 * transitions that follow) has drained from the pool, so that it stops
 * with nothing in flight.
 */
async function databaseIdle(knex: Knex) {
  const pool = knex.client.pool;
  let quiet = 0;
  await waitFor('the database pool to go idle', () => {
    const idle = pool.numUsed() === 0 && pool.numPendingAcquires() === 0;
    quiet = idle ? quiet + 1 : 0;
    return quiet >= 20;
  });
}

/** With ICR_BENCH_CPU_PROFILE=file, profiles each burst into file.<window>. */
async function startProfiler(windowMs: number) {
  if (!CPU_PROFILE) return undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(`${CPU_PROFILE}.${windowMs}`, JSON.stringify(profile));
    session.disconnect();
  };
}

/**
 * One burst: every webhook and as many no-op requests, interleaved, so that
 * both routes see the same load; all sent at once (`windowMs` 0), or the
 * pairs spread evenly over `windowMs`. Prints its figures against the
 * targets and returns how many it missed.
 */
async function runBurst(
  burst: {
    knex: Knex;
    db: ReturnType<typeof watchDatabase>;
    client: LoadGenerator;
    legRequestedAt: Map<string, number>;
  },
  windowMs: number,
  firstCaller: number,
): Promise<number> {
  const { knex, db, client, legRequestedAt } = burst;
  const calls = Array.from({ length: CALLS }, (_, i) =>
    incomingCall(firstCaller + i),
  );
  const offsets = calls.flatMap((_, i) => {
    const at = (i * windowMs) / CALLS;
    return [at, at];
  });
  db.reset();
  const stopProfiler = await startProfiler(windowMs);
  db.recording = true;
  const elu = performance.eventLoopUtilization();
  const cpu = process.threadCpuUsage();
  const results = await client.send(
    calls.flatMap(c => [c.webhook, c.noop]),
    offsets,
  );
  const busy = performance.eventLoopUtilization(elu).utilization;
  const { user, system } = process.threadCpuUsage(cpu);
  const cpuMs = (user + system) / 1000;
  const webhooks = results.filter((_, i) => i % 2 === 0);
  const noops = results.filter((_, i) => i % 2 === 1);
  const burstStart = Math.min(...results.map(r => r.sentAt));
  const answeredMs =
    Math.max(...results.map(r => r.sentAt + r.ms)) - burstStart;

  const failed = [
    ...webhooks.filter(r => r.status !== 200 || !r.body.includes('<Enqueue')),
    ...noops.filter(r => r.status !== 200),
  ];
  if (failed.length > 0) {
    throw new Error(
      `${failed.length} requests failed, e.g. ${failed[0].status}: ${failed[0].body}`,
    );
  }
  await waitFor('a responder leg for every call', () =>
    calls.every(c => legRequestedAt.has(c.callSid)),
  ).catch(error => {
    const missing = calls.filter(c => !legRequestedAt.has(c.callSid));
    throw new Error(`${error.message}: ${missing.length} calls have none`);
  });
  const allLegsMs =
    Math.max(...calls.map(c => legRequestedAt.get(c.callSid)!)) - burstStart;
  await stopProfiler?.();
  await databaseIdle(knex);
  db.recording = false;

  const web = summary(webhooks.map(r => r.ms));
  const base = summary(noops.map(r => r.ms));
  const legs = summary(
    webhooks.map((r, i) => legRequestedAt.get(calls[i].callSid)! - r.sentAt),
  );
  const ratio = web.p99 / base.p99;

  console.log(
    windowMs === 0
      ? `\nAll at once: the ${2 * CALLS} requests sent together`
      : `\nOver ${windowMs} ms: a webhook and a no-op request every ${(
          windowMs / CALLS
        ).toFixed(1)} ms (${Math.round(
          (1000 * CALLS) / windowMs,
        )} calls a second)`,
  );
  console.log(
    `All answered after ${answeredMs.toFixed(0)} ms (server event loop ${(
      100 * busy
    ).toFixed(0)}% busy, ${cpuMs.toFixed(
      0,
    )} ms of CPU); all first legs requested after ${allLegsMs.toFixed(0)} ms`,
  );
  console.log(line('Webhook /voice', web));
  console.log(line('No-op route', base));
  console.log(line('First leg requested', legs));
  console.log(line('DB query round trip', summary(db.queries)));
  console.log(line('DB pool wait', summary(db.waits)));
  console.log(
    `DB from the burst until the pool was idle: ${db.roundTrips} statements (${(
      db.roundTrips / CALLS
    ).toFixed(1)} a call, BEGIN and COMMIT included), ${(
      db.waits.length / CALLS
    ).toFixed(1)} connection checkouts a call`,
  );
  for (const [sql, count] of [...db.statements].sort((a, b) => b[1] - a[1]))
    console.log(`  ${String(count).padStart(5)}  ${sql}`);
  const targets = [
    target(
      `Webhook p99 < ${TARGET_WEBHOOK_P99_MS} ms`,
      web.p99 < TARGET_WEBHOOK_P99_MS,
      `${web.p99.toFixed(1)} ms`,
    ),
    target(
      `Webhook p99 <= ${TARGET_WEBHOOK_TO_NOOP_P99} x no-op p99`,
      ratio <= TARGET_WEBHOOK_TO_NOOP_P99,
      `${ratio.toFixed(2)} x`,
    ),
    target(
      `First leg p99 < ${TARGET_FIRST_LEG_P99_MS} ms`,
      legs.p99 < TARGET_FIRST_LEG_P99_MS,
      `${legs.p99.toFixed(1)} ms`,
    ),
  ];
  targets.forEach(t => console.log(t.text));
  return targets.filter(t => !t.ok).length;
}

async function main() {
  // A database of its own, dropped at the end.
  const admin = knexFactory({
    client: 'pg',
    connection: PG_URL,
    pool: { min: 0, max: 1 },
  });
  const database = `icr_bench_${process.pid}_${Date.now()}`;
  await admin.raw('CREATE DATABASE ??', [database]);
  const url = new URL(PG_URL);
  url.pathname = `/${database}`;
  const knex = knexFactory({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 0, max: POOL_MAX },
  });
  const db = watchDatabase(knex);

  // The backend's Twilio REST requests go to the simulated network. The
  // first POST /Calls.json naming a caller (in its `Url`) is when that
  // call's first responder leg was requested.
  let local = '';
  const network = new SimulatedPhoneNetwork({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    // Callbacks reach the server as through a tunnel, as in the scenario
    // tests: signed over the public URL.
    deliverTo: publicUrl => publicUrl.replace(PUBLIC_URL, local),
    // Responders' phones ring past the end of the run: one leg per call.
    defaultPhone: { kind: 'ring' },
  });
  const legRequestedAt = new Map<string, number>();
  const httpClient = {
    request: (opts: Parameters<typeof network.httpClient.request>[0]) => {
      if (
        opts.method.toUpperCase() === 'POST' &&
        opts.uri.endsWith('/Calls.json')
      ) {
        const caller = new URL(String(opts.data?.Url)).searchParams.get('call');
        if (caller && !legRequestedAt.has(caller)) {
          legRequestedAt.set(caller, now());
        }
      }
      return network.httpClient.request(opts);
    },
  };

  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  let client: LoadGenerator | undefined;
  try {
    // As startCallBackend (src/__testUtils__/callBackend.ts) does, plus the
    // no-op plugin and the rate.
    backend = await startTestBackend({
      features: [
        incomingCallPlugin,
        createBackendModule({
          pluginId: 'incoming-call',
          moduleId: 'bench-twilio',
          register(env) {
            env.registerInit({
              deps: { twilio: incomingCallTwilioExtensionPoint },
              async init(deps) {
                deps.twilio.setHttpClient(httpClient as RequestClient);
              },
            });
          },
        }),
        noopPlugin,
        catalogServiceMock.factory({ entities: exampleEntities }),
        mockServices.database.factory({ knex }),
        mockServices.rootLogger.factory({ level: 'warn' }),
        mockServices.rootConfig.factory({
          data: {
            incomingCall: {
              webhookBaseUrl: PUBLIC_URL,
              twilio: {
                accountSid: ACCOUNT_SID,
                authToken: AUTH_TOKEN,
                callsPerSecond: CALLS_PER_SECOND,
              },
            },
          },
        }),
      ],
    });
    // Never benchmark against (or write into) any other database.
    const [{ current }] = (
      await knex.raw('select current_database() as current')
    ).rows;
    if (current !== database) {
      throw new Error(`Connected to ${current}, not to ${database}`);
    }
    await savePlatformIntegration(knex);
    const { port } = backend.server.address() as AddressInfo;
    local = `http://127.0.0.1:${port}/api/incoming-call/webhooks`;
    client = new LoadGenerator(port);

    // Warm up both routes (JIT, the pool's connections, the catalog
    // snapshot), then open one keep-alive socket per request of the burst,
    // so that the burst measures the server rather than TCP handshakes.
    const warmup = Array.from({ length: WARMUP_CALLS }, (_, i) =>
      incomingCall(9000 + i),
    );
    for (const call of warmup) {
      const answers = await client.send([call.webhook, call.noop]);
      if (answers.some(a => a.status !== 200)) {
        throw new Error(`Warm-up failed: ${JSON.stringify(answers)}`);
      }
    }
    await waitFor('the warm-up calls to dial', () =>
      warmup.every(c => legRequestedAt.has(c.callSid)),
    );
    await databaseIdle(knex);
    const noopBurst = Array.from({ length: 2 * CALLS }, () => warmup[0].noop);
    await client.send(noopBurst);
    // The floor: the same number of requests at once, all to the no-op route.
    const floor = summary((await client.send(noopBurst)).map(r => r.ms));

    const [{ server_version: version }] = (
      await knex.raw('show server_version')
    ).rows;
    console.log(
      `Node ${process.version}, ${os.cpus().length} CPUs (load average ${os
        .loadavg()[0]
        .toFixed(
          1,
        )}); PostgreSQL ${version}, pool max ${POOL_MAX}; ${CALLS_PER_SECOND_KEY}: ${CALLS_PER_SECOND}`,
    );
    console.log(
      `${CALLS} incoming-call webhooks and ${CALLS} no-op requests, interleaved, on ${
        2 * CALLS
      } open keep-alive sockets from a worker thread (after ${WARMUP_CALLS} warm-up calls)`,
    );
    console.log(line(`No-op alone (${2 * CALLS})`, floor));

    const burst = { knex, db, client, legRequestedAt };
    let missed = 0;
    let firstCaller = 0;
    for (const windowMs of WINDOWS_MS) {
      missed += await runBurst(burst, windowMs, firstCaller);
      firstCaller += CALLS;
    }
    const [{ n: alerts }] = await knex('alerts').count({ n: '*' });
    const expected = WINDOWS_MS.length * CALLS + WARMUP_CALLS;
    if (Number(alerts) !== expected) {
      throw new Error(`Expected ${expected} alerts, found ${alerts}`);
    }
    console.log(
      `\n${alerts} alerts in all; ${missed} of ${
        3 * WINDOWS_MS.length
      } targets missed`,
    );
  } finally {
    await client?.close();
    await backend?.stop();
    await knex.destroy();
    await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [database]);
    await admin.destroy();
  }
}

main().then(
  // The simulated responders' phones would ring on until their timeout.
  () => process.exit(0),
  error => {
    console.error(`Benchmark run failed: ${error?.stack ?? error}`);
    process.exit(1);
  },
);
