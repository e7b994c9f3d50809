import { mockServices } from '@backstage/backend-test-utils';
import type {
  SimulatedCall,
  SimulatedPhoneNetwork,
} from '@icr/phone-network-sim';
import knexFactory, { type Knex } from 'knex';
import { startNetworkCallBackend } from '../../__testUtils__/callBackend';
import { createTestDatabases } from '../../__testUtils__/databases';
import { eventually } from '../../__testUtils__/eventually';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../../__testUtils__/platformIntegration';
import { startTcpProxy } from '../../__testUtils__/tcpProxy';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ANA = '+14155550101';
const CAROL = '+14155550103';
const WELCOME = 'You have reached the Platform support line';
const callerNumber = (i: number) => `+4930555${String(1000 + i)}`;

/** The test database's connection settings, as an object. */
function connectionOf(knex: Knex): Knex.PgConnectionConfig {
  const { connection } = knex.client.config as {
    connection: string | Knex.PgConnectionConfig;
  };
  if (typeof connection !== 'string') return { ...connection };
  const url = new URL(connection);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.slice(1),
  };
}

const describeOnPostgres = databases.supports('POSTGRES_15')
  ? describe
  : describe.skip;

/**
 * The fault suite's database outage: the backend reaches PostgreSQL through
 * a TCP proxy that refuses every connection in the middle of a burst of
 * calls. Every caller still gets the welcome and a responder or the
 * voicemail, and once the database is back every call is on one alert.
 */
describeOnPostgres(
  'a database outage in the middle of a burst of calls',
  () => {
    let knex: Knex;
    let proxied: Knex;
    let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
    let network: SimulatedPhoneNetwork;
    let stop: () => Promise<void>;

    beforeAll(async () => {
      knex = await databases.init('POSTGRES_15');
      const connection = connectionOf(knex);
      proxy = await startTcpProxy({
        host: connection.host ?? '127.0.0.1',
        port: Number(connection.port ?? 5432),
      });
      proxied = knexFactory({
        client: 'pg',
        connection: { ...connection, host: '127.0.0.1', port: proxy.port },
        // Connections refused fail at once; none is waited for long.
        pool: { min: 0, max: 10, acquireTimeoutMillis: 5_000 },
      });
      const started = await startNetworkCallBackend(
        proxied,
        // Sweeps run only when a test says so: none here.
        [mockServices.scheduler.mock().factory],
        // The write-back's retry, short: the test waits for its state.
        { degradedMode: { retrySeconds: 0.05 } },
      );
      network = started.network;
      stop = () => started.backend.stop();
      await savePlatformIntegration(knex);
    });

    afterAll(async () => {
      proxy?.restore();
      await stop?.();
      await proxied?.destroy();
      await proxy?.close();
    });

    const bridged = (callers: SimulatedCall[]) =>
      eventually(
        async () => {
          await network.settled();
          for (const c of callers) {
            expect(network.get(c.sid).bridgedWith).toBeDefined();
          }
        },
        { timeoutMs: 20_000 },
      );

    it('answers every caller from memory, and puts every call on one alert once it is back', async () => {
      network.setPhone(ANA, { kind: 'answer', press: '1' });
      network.setPhone(CAROL, { kind: 'answer', press: '1' });

      // The burst starts on a healthy database (which fills the routing
      // view): a caller for each responder, who takes one at a time.
      const before = [0, 1].map(i =>
        network.call(callerNumber(i), HOTLINE),
      );
      await bridged(before);

      // The database goes away, with the burst going on.
      proxy.refuse();
      const answeredDuring = Array.from({ length: 10 }, (_, i) =>
        network.call(callerNumber(5 + i), HOTLINE),
      );
      await bridged(answeredDuring);
      // Nobody picks up for the last callers: they leave a voicemail.
      network.setPhone(ANA, { kind: 'no-answer' });
      network.setPhone(CAROL, { kind: 'no-answer' });
      const voicemailDuring = Array.from({ length: 5 }, (_, i) =>
        network.call(callerNumber(15 + i), HOTLINE, { voicemailSeconds: 5 }),
      );
      await eventually(
        async () => {
          await network.settled();
          for (const c of voicemailDuring) {
            expect(network.get(c.sid).heard.at(-1)).toBe('Thank you. Goodbye.');
          }
        },
        { timeoutMs: 20_000 },
      );

      const all = [...before, ...answeredDuring, ...voicemailDuring];
      for (const c of all) {
        expect(network.get(c.sid).heard[0]).toContain(WELCOME);
      }
      for (const c of answeredDuring) {
        const leg = network.get(network.get(c.sid).bridgedWith!);
        // The responder was asked to press 1 before the bridge.
        expect(leg.heard.join(' ')).toContain('Press 1 to take the call');
      }
      for (const c of voicemailDuring) {
        expect(network.get(c.sid).heard).toContain(
          'Nobody is available right now. Please leave a message after the tone.',
        );
      }
      const legsDuring = network.calls().length;

      // The database is back: the calls answered from memory are written.
      proxy.restore();
      const degradedNumbers = [...answeredDuring, ...voicemailDuring].map(
        c => c.from,
      );
      await eventually(
        async () => {
          const rows = await knex('alerts').select(
            'caller_number',
            'tags',
            'acknowledged_by',
            'outcome',
          );
          expect(rows.map(r => r.caller_number).sort()).toEqual(
            all.map(c => c.from).sort(),
          );
          for (const row of rows) {
            const degraded = degradedNumbers.includes(row.caller_number);
            expect([row.caller_number, JSON.parse(row.tags)]).toEqual([
              row.caller_number,
              degraded ? ['degraded'] : [],
            ]);
          }
          for (const c of answeredDuring) {
            expect(
              rows.find(r => r.caller_number === c.from)?.acknowledged_by,
            ).toMatch(/^user:default\/(ana|carol)$/);
          }
          for (const c of voicemailDuring) {
            expect(rows.find(r => r.caller_number === c.from)?.outcome).toBe(
              'voicemail',
            );
          }
        },
        { timeoutMs: 20_000 },
      );
      // Nobody was dialled again for a call answered from memory.
      await network.settled();
      expect(network.calls().length).toBe(legsDuring);
      for (const c of [...answeredDuring, ...voicemailDuring]) {
        const events = await knex('alert_events')
          .join('alerts', 'alerts.id', 'alert_events.alert_id')
          .where('alerts.caller_number', c.from)
          .pluck('alert_events.type');
        expect(events.filter(t => t === 'call-received')).toHaveLength(1);
      }
    });
  },
);
