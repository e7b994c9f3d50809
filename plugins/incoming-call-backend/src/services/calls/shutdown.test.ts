import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { incomingCallTwilioExtensionPoint } from '@icr/plugin-incoming-call-node';
import { SimulatedPhoneNetwork } from '@icr/phone-network-sim';
import knexFactory, { type Knex } from 'knex';
import type { AddressInfo } from 'node:net';
import twilio, { type RequestClient } from 'twilio';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  PUBLIC_URL,
} from '../../__testUtils__/callBackend';
import { createTestDatabases } from '../../__testUtils__/databases';
import { eventually } from '../../__testUtils__/eventually';
import { exampleEntities } from '../../__testUtils__/exampleEntities';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../../__testUtils__/platformIntegration';
import { incomingCallPlugin } from '../../plugin';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ANA = '+14155550101';
const CAROL = '+14155550103';
const WEBHOOKS = '/api/incoming-call/webhooks';
/** What the plugin's shutdown hook allows Twilio work in flight, and some. */
const SHUTDOWN_BUDGET_MS = 7_000;

const postgres = databases
  .eachSupportedId()
  .filter(([id]) => id.startsWith('POSTGRES'));
const describeOnPostgres = postgres.length
  ? describe.each(postgres)
  : describe.skip.each([['POSTGRES_15' as const]]);

/**
 * A backend replica whose scheduled tasks run when the test says so, at
 * `callsPerSecond`, sending its Twilio REST requests to `httpClient`.
 */
async function startReplica(
  knex: Knex,
  httpClient: unknown,
  callsPerSecond: number,
) {
  const scheduler = mockServices.scheduler.mock();
  const backend = await startTestBackend({
    features: [
      scheduler.factory,
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
              callsPerSecond,
            },
          },
        },
      }),
    ],
  });
  const sweep = async () => {
    const [task] = scheduler.scheduleTask.mock.calls.find(
      ([t]) => t.id === 'incoming-call-sweep',
    )!;
    await (task.fn as (signal: AbortSignal) => Promise<void>)(
      new AbortController().signal,
    );
  };
  const root = `http://127.0.0.1:${
    (backend.server.address() as AddressInfo).port
  }`;
  return { backend, sweep, root };
}

/** Moves `Date` on by `ms` (for the network too); timers run as before. */
function moveDateOn(ms: number) {
  jest.useFakeTimers({
    now: Date.now() + ms,
    advanceTimers: true,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}

/** A signed voice webhook for a call the network does not know (a probe). */
function voiceWebhook(root: string, callSid: string) {
  const params = {
    CallSid: callSid,
    AccountSid: ACCOUNT_SID,
    From: '+4930555999',
    To: HOTLINE,
    CallStatus: 'ringing',
    Direction: 'inbound',
  };
  return fetch(`${root}${WEBHOOKS}/voice`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': twilio.getExpectedTwilioSignature(
        AUTH_TOKEN,
        `${PUBLIC_URL}/voice`,
        params,
      ),
    },
    body: new URLSearchParams(params).toString(),
  });
}

describeOnPostgres('shutdown and lost leg requests on %s', id => {
  let knex: Knex;
  const connections: Knex[] = [];
  const backends: { stop(): Promise<void> }[] = [];
  let network: SimulatedPhoneNetwork;
  /** Where the network delivers webhooks: the live replica. */
  let target = '';

  const ownConnection = () => {
    const own = knexFactory(knex.client.config);
    connections.push(own);
    return own;
  };

  beforeEach(async () => {
    knex = await databases.init(id);
    network = new SimulatedPhoneNetwork({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      deliverTo: url => url.replace(PUBLIC_URL, `${target}${WEBHOOKS}`),
    });
    network.addNumber(HOTLINE, {
      voiceUrl: `${PUBLIC_URL}/voice`,
      statusCallback: `${PUBLIC_URL}/call-status`,
    });
    // Nobody answers: legs ring until the test hangs up.
    network.setPhone(ANA, { kind: 'ring' });
    network.setPhone(CAROL, { kind: 'ring' });
  });

  afterEach(async () => {
    jest.useRealTimers();
    for (const call of network.calls()) {
      if (
        !['completed', 'canceled', 'busy', 'failed', 'no-answer'].includes(
          call.status,
        )
      ) {
        network.hangUp(call.sid);
      }
    }
    await network.settled();
    await Promise.all(backends.splice(0).map(b => b.stop()));
    await Promise.all(connections.splice(0).map(c => c.destroy()));
  });

  /** The responder legs the backends placed. */
  const outbound = () =>
    network.calls().filter(c => c.direction === 'outbound-api');
  const sessionLegs = async () =>
    (await knex('call_sessions').select('call_sid', 'data')).map(row => ({
      callSid: row.call_sid as string,
      leg: JSON.parse(row.data).flow.leg as
        | { sid?: string; handedOff?: boolean }
        | undefined,
    }));

  it('stops at once with a backlog of legs waiting for slots, and another replica places each of them once', async () => {
    // Replica A at a call every 20 s: Ana rings for the first caller at
    // once, Carol for the second (a responder is in one leg at a time)
    // only in 20 s.
    const a = await startReplica(ownConnection(), network.httpClient, 0.05);
    backends.push(a.backend);
    target = a.root;
    // After the replica's migrations. The longest ring timeout: the
    // simulated phones ring on real time and the legs' backstop counts from
    // it, so a slow machine's seconds must not end A's legs before B sweeps.
    await savePlatformIntegration(knex, { ringTimeoutSeconds: 60 });
    for (let i = 0; i < 2; i++) {
      network.call(`+49305550${String(i).padStart(2, '0')}`, HOTLINE);
    }
    await eventually(async () => {
      const legs = await sessionLegs();
      expect(legs.filter(l => l.leg)).toHaveLength(2);
      expect(outbound().length).toBeGreaterThan(0);
    });

    // SIGTERM: webhooks are still answered while the backend stops.
    const started = Date.now();
    const stopped = a.backend.stop();
    const during = await voiceWebhook(a.root, `CA${'d'.repeat(32)}`);
    expect(during.status).toBe(200);
    await stopped;
    backends.splice(backends.indexOf(a.backend), 1);
    expect(Date.now() - started).toBeLessThan(SHUTDOWN_BUDGET_MS);

    // What A placed before it stopped; the rest are handed to the database.
    const placedByA = network
      .calls()
      .filter(c => c.direction === 'outbound-api');
    expect(placedByA).toHaveLength(1);
    await eventually(async () => {
      const handedOff = (await sessionLegs()).filter(l => l.leg && !l.leg.sid);
      expect(handedOff.length).toBe(2 - placedByA.length);
      expect(handedOff.every(l => l.leg?.handedOff)).toBe(true);
    });

    // Replica B (on a bought-up rate, so the test need not wait) sweeps
    // once the slots have come.
    const b = await startReplica(ownConnection(), network.httpClient, 100);
    backends.push(b.backend);
    target = b.root;
    // A placed nothing after it stopped.
    expect(outbound()).toHaveLength(placedByA.length);
    // Past the last slot (20 s), before the ring backstop of A's legs (90 s).
    moveDateOn(40_000);
    await b.sweep();

    // Both first callers have their responder rung exactly once: one leg
    // each, every leg a call's; the one that came during the shutdown
    // waits in line for them.
    const once = async () => {
      const legs = await sessionLegs();
      expect(legs).toHaveLength(3);
      const sids = legs.flatMap(l => (l.leg ? [l.leg.sid] : []));
      expect(sids).toHaveLength(2);
      expect(new Set(sids).size).toBe(2);
      expect(
        outbound()
          .map(c => c.sid)
          .sort(),
      ).toEqual([...sids].sort());
    };
    await eventually(once);
    const now = outbound().map(c => c.sid);
    expect(placedByA.every(c => now.includes(c.sid))).toBe(true);
    // A second sweep changes nothing, once the work it started is done: the
    // network being quiet does not mean B's own requests are over.
    await b.sweep();
    await network.settled();
    await eventually(once);
  });

  it('does not ring a responder twice when the replica that asked for the leg died before hearing back', async () => {
    // Replica A's request to place the leg reaches Twilio, but the answer
    // never comes back: A dies before it stores the leg as placed.
    const hanging: RequestClient = {
      ...network.httpClient,
      request: (options: { method: string; uri: string }) => {
        const sent = (network.httpClient as unknown as RequestClient).request(
          options as never,
        );
        return options.method.toUpperCase() === 'POST' &&
          options.uri.endsWith('/Calls.json')
          ? new Promise(() => {})
          : sent;
      },
    } as unknown as RequestClient;
    const a = await startReplica(ownConnection(), hanging, 100);
    backends.push(a.backend);
    const b = await startReplica(ownConnection(), network.httpClient, 100);
    backends.push(b.backend);
    target = a.root;
    await savePlatformIntegration(knex);

    const caller = network.call('+4930555000', HOTLINE);
    await eventually(() => expect(outbound()).toHaveLength(1));
    const [{ sid: legSid }] = outbound();
    const responder = network.get(legSid).to;
    // A is killed; the leg's request is stored, its SID is not.
    target = b.root;
    const started = Date.now();
    await a.backend.stop();
    backends.splice(backends.indexOf(a.backend), 1);
    expect(Date.now() - started).toBeLessThan(SHUTDOWN_BUDGET_MS);
    expect((await sessionLegs())[0].leg?.sid).toBeUndefined();

    // B's sweep, once the request is overdue, finds the leg on Twilio.
    moveDateOn(45_000);
    await b.sweep();
    await eventually(async () =>
      expect((await sessionLegs())[0].leg?.sid).toBe(legSid),
    );
    await network.settled();
    expect(network.calls().filter(c => c.to === responder)).toHaveLength(1);
    const notes = await knex('alert_events').orderBy('seq').pluck('message');
    expect(notes).toContainEqual(expect.stringContaining('not placed twice'));

    // B now owns the leg: the caller hangs up, and the leg is cancelled.
    network.hangUp(caller.sid);
    await eventually(() => expect(network.get(legSid).status).toBe('canceled'));
    expect(network.calls().filter(c => c.to === responder)).toHaveLength(1);
  });
});
