import {
  type BackendFeature,
  coreServices,
  createBackendModule,
  createServiceFactory,
  type SchedulerService,
  type SchedulerServiceTaskFunction,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  type Clock as NetworkClock,
  isFinalCall,
  SimulatedPhoneNetwork,
} from '@icr/phone-network-sim';
import knexFactory, { type Knex } from 'knex';
import type { AddressInfo } from 'node:net';
import type { RequestClient } from 'twilio';
import { incomingCallTwilioExtensionPoint } from '@icr/plugin-incoming-call-node';
import { clockServiceRef } from '../lib/clock';
import { incomingCallPlugin } from '../plugin';
import { exampleEntities } from './exampleEntities';
import { HOTLINE } from './platformIntegration';
import { startReplicaBalancer } from './replicaBalancer';

/** Where Twilio reaches the backend in call tests. */
export const PUBLIC_ORIGIN = 'https://calls.example.com';
/** The public webhook root Twilio signs over in call tests. */
export const PUBLIC_URL = `${PUBLIC_ORIGIN}/api/incoming-call/webhooks`;
export const ACCOUNT_SID = 'AC123';
export const AUTH_TOKEN = 'test-auth-token';
/** The API key browser pickup tokens are signed with in call tests. */
export const BROWSER = {
  apiKeySid: 'SK123',
  apiKeySecret: 'test-api-key-secret',
  twimlAppSid: 'AP123',
};

/**
 * The backend's clock set to the simulated network's (e.g. a `ScaledClock`,
 * so that minutes of calls take seconds): a feature for `startCallBackend`'s
 * `extra`. Every replica given it keeps the network's time, its timers too.
 */
export function sharedClock(clock: NetworkClock): BackendFeature {
  return createServiceFactory({
    service: clockServiceRef,
    deps: {},
    factory: () => ({
      // The plugin stores whole milliseconds; a scaled clock has fractions.
      now: () => Math.floor(clock.now()),
      schedule: (ms, task) => clock.schedule(ms, task),
    }),
  });
}

/**
 * A test backend with the incoming-call plugin, the example organisation,
 * Twilio credentials, and the plugin's Twilio REST requests sent to
 * `httpClient` (a recording client or the simulated network).
 */
export function startCallBackend(
  knex: Knex,
  httpClient: unknown,
  /** More features, or services in place of the defaults (a scheduler). */
  extra: BackendFeature[] = [],
  /** More `incomingCall` configuration (degraded mode's timings). */
  config: Record<string, unknown> = {},
) {
  return startTestBackend({
    features: [
      ...extra,
      incomingCallPlugin,
      createBackendModule({
        pluginId: 'incoming-call',
        moduleId: 'test-twilio',
        register(env) {
          env.registerInit({
            deps: { twilio: incomingCallTwilioExtensionPoint },
            async init(deps) {
              deps.twilio.setHttpClient(httpClient as RequestClient);
            },
          });
        },
      }),
      catalogServiceMock.factory({ entities: exampleEntities }),
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          incomingCall: {
            webhookBaseUrl: PUBLIC_URL,
            twilio: {
              accountSid: ACCOUNT_SID,
              authToken: AUTH_TOKEN,
              // Legs are placed as fast as the tests go.
              callsPerSecond: 100,
              browser: BROWSER,
            },
            // A slow database under a loaded test run is not an outage:
            // the outage tests refuse connections, which counts at once.
            degradedMode: { databaseTimeoutSeconds: 30 },
            ...config,
          },
        },
      }),
    ],
  });
}

/**
 * A call backend on the simulated phone network. The network reaches the
 * test server at the public origin, as through a tunnel (signatures stay
 * over the public URL), and calls to the hotline go to the voice webhook.
 * `root` is the test server's own origin.
 */
export async function startNetworkCallBackend(
  knex: Knex,
  extra: BackendFeature[] = [],
  config: Record<string, unknown> = {},
  /** The network's clock, which the backend then shares (`sharedClock`). */
  options: { clock?: NetworkClock } = {},
) {
  let root = '';
  const { clock } = options;
  const network = new SimulatedPhoneNetwork({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    deliverTo: url => url.replace(PUBLIC_ORIGIN, root),
    clock,
  });
  const backend = await startCallBackend(
    knex,
    network.httpClient,
    clock ? [...extra, sharedClock(clock)] : extra,
    config,
  );
  root = `http://127.0.0.1:${(backend.server.address() as AddressInfo).port}`;
  network.addNumber(HOTLINE, {
    voiceUrl: `${PUBLIC_URL}/voice`,
    statusCallback: `${PUBLIC_URL}/call-status`,
  });
  return { network, backend, root };
}

/**
 * A scheduler whose tasks run only when told (`run`), as a feature for a
 * test backend; unlike `mockServices.scheduler.mock()` it needs no jest, so
 * benchmarks use it too.
 */
export function manualScheduler() {
  const tasks = new Map<string, SchedulerServiceTaskFunction>();
  /** Runs the task `id` now, as the scheduler would. */
  const run = async (id: string) => {
    const fn = tasks.get(id);
    if (!fn) throw new Error(`No task ${id} was scheduled`);
    await fn(new AbortController().signal);
  };
  const service: SchedulerService = {
    async scheduleTask(task) {
      tasks.set(task.id, task.fn);
    },
    createScheduledTaskRunner: () => ({
      run: async task => {
        tasks.set(task.id, task.fn);
      },
    }),
    async triggerTask(id) {
      await run(id);
    },
    async cancelTask(id) {
      tasks.delete(id);
    },
    async getScheduledTasks() {
      return [...tasks.keys()].map(id => ({
        id,
        scope: 'global' as const,
        settings: { version: 1 },
      }));
    },
  };
  const factory = createServiceFactory({
    service: coreServices.scheduler,
    deps: {},
    factory: () => service,
  });
  return { factory, run };
}

/**
 * `count` backend replicas sharing the database behind a balancer that
 * hands webhooks to them in turn, on the simulated network, all on the
 * network's `clock`. On PostgreSQL each replica has a connection pool of its
 * own; SQLite's in-memory database is one connection, which they share.
 * Each replica's scheduler runs its tasks only when told (`runTask`,
 * `sweepEvery`).
 */
export async function startNetworkReplicas(
  knex: Knex,
  options: {
    count: number;
    clock: NetworkClock;
    /** More features for every replica (a quieter logger). */
    extra?: BackendFeature[];
  },
) {
  const { count, clock, extra = [] } = options;
  let balancerUrl = '';
  const network = new SimulatedPhoneNetwork({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    deliverTo: url => url.replace(PUBLIC_URL, balancerUrl),
    clock,
  });
  network.addNumber(HOTLINE, {
    voiceUrl: `${PUBLIC_URL}/voice`,
    statusCallback: `${PUBLIC_URL}/call-status`,
  });
  const pools: Knex[] = [];
  const replicas: {
    backend: Awaited<ReturnType<typeof startCallBackend>>;
    scheduler: ReturnType<typeof manualScheduler>;
  }[] = [];
  for (let i = 0; i < count; i++) {
    let own = knex;
    if (knex.client.config.client !== 'better-sqlite3') {
      own = knexFactory(knex.client.config);
      pools.push(own);
    }
    const scheduler = manualScheduler();
    const backend = await startCallBackend(own, network.httpClient, [
      scheduler.factory,
      sharedClock(clock),
      ...extra,
    ]);
    replicas.push({ backend, scheduler });
  }
  const balancer = await startReplicaBalancer({
    replicas: () =>
      replicas.map(
        ({ backend }) =>
          `http://127.0.0.1:${
            (backend.server.address() as AddressInfo).port
          }/api/incoming-call/webhooks`,
      ),
  });
  balancerUrl = balancer.url;

  /** Runs replica `replica`'s scheduled task `taskId` now, as its scheduler would. */
  const runTask = (replica: number, taskId: string) =>
    replicas[replica].scheduler.run(taskId);

  /**
   * Runs the sweep every `ms` on the clock, on the replicas in turn (the
   * task is global: one replica runs it each time), until the returned
   * function is called; it resolves once the last sweep is over (and
   * throws what a sweep threw).
   */
  const sweepEvery = (ms: number) => {
    let running = true;
    const sweeps = (async () => {
      for (let turn = 0; running; turn++) {
        await new Promise<void>(resolve =>
          clock.schedule(ms, async () => resolve()),
        );
        if (running) await runTask(turn % count, 'incoming-call-sweep');
      }
    })();
    return async () => {
      running = false;
      await sweeps;
    };
  };

  /** Hangs up the calls still up (a run that failed), then stops it all. */
  const stop = async () => {
    for (const call of network.calls()) {
      if (!isFinalCall(call)) network.hangUp(call.sid);
    }
    await network.settled();
    await balancer.close();
    await Promise.all(replicas.map(({ backend }) => backend.stop()));
    await Promise.all(pools.map(pool => pool.destroy()));
  };
  return { network, runTask, sweepEvery, stop };
}
