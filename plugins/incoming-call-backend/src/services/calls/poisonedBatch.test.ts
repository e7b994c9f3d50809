import type { DialPlan } from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import { createTestDatabases } from '../../__testUtils__/databases';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../../__testUtils__/platformIntegration';
import { ArrivalStore } from '../../database/ArrivalStore';
import { CallStore } from '../../database/CallStore';
import { isDataError } from '../../database/dataErrors';
import { IntegrationStore } from '../../database/IntegrationStore';
import { applyMigrations } from '../../database/migrations';
import { OverrideStore } from '../../database/OverrideStore';
import { RoutingVersionStore } from '../../database/RoutingVersionStore';
import type { IncomingCall } from '../../domain/arrival/arrivalRecord';
import { Batcher } from '../../lib/Batcher';
import { systemClock } from '../../lib/clock';
import { RoutingCache } from '../routing/RoutingCache';
import { CallArrivals } from './CallArrivals';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const plan: DialPlan = {
  tiers: [
    {
      pass: 0,
      delayMinutes: 0,
      users: [
        {
          userRef: 'user:default/ana',
          displayName: 'Ana',
          phone: '+14155550101',
          reason: 'on call',
        },
      ],
    },
  ],
  skipped: [],
  voicemailOnly: false,
};

const sidOf = (i: number) => `CA${i.toString(16).padStart(32, '0')}`;
const AT = new Date('2026-11-25T10:00:00Z');

/**
 * Calls the webhook's checks would refuse, handed to the batch as if they
 * had got through: each fails the statement (or the work) of any batch it
 * is in.
 */
const POISONS: Record<string, Partial<IncomingCall>> = {
  'an invalid date': { at: new Date(Number.NaN) },
  'a caller number longer than its column (PostgreSQL)': {
    from: `+${'9'.repeat(40)}`,
  },
  'a call SID longer than its column (PostgreSQL)': {
    callSid: `CA${'f'.repeat(100)}`,
  },
  'a NUL byte in the call SID (PostgreSQL)': { callSid: 'CA\u0000poison' },
};

describe.each(databases.eachSupportedId())('a poisoned batch on %s', id => {
  let knex: Knex;
  let arrivals: CallArrivals;

  beforeEach(async () => {
    knex = await databases.init(id);
    await applyMigrations(knex);
    await savePlatformIntegration(knex);
    arrivals = new CallArrivals({
      arrivals: new ArrivalStore(knex),
      routing: new RoutingCache({
        routingVersion: new RoutingVersionStore(knex),
        integrations: new IntegrationStore(knex, systemClock),
        overrides: new OverrideStore(knex, systemClock),
        clock: systemClock,
      }),
      roster: { plannerWith: async () => () => plan },
    });
  });

  const count = async (table: string) =>
    Number((await knex(table).count({ n: '*' }))[0].n);

  const poisons = Object.entries(POISONS).filter(
    ([name]) => id === 'POSTGRES_15' || !name.endsWith('(PostgreSQL)'),
  );
  it.each(poisons)(
    'records the 100 legitimate calls beside a call with %s, and fails only it',
    async (_name, poison) => {
      const legitimate = Array.from({ length: 100 }, (_, i) => ({
        callSid: sidOf(i + 1),
        from: `+1202555${String(i).padStart(4, '0')}`,
        to: HOTLINE,
        at: AT,
      }));
      const bad = { ...legitimate[0], callSid: sidOf(999), ...poison };
      // All in one turn of the event loop: one batch, the poison in its middle.
      const results = await Promise.allSettled([
        ...legitimate.slice(0, 50).map(c => arrivals.open(c)),
        arrivals.open(bad),
        ...legitimate.slice(50).map(c => arrivals.open(c)),
      ]);

      const poisoned = results.splice(50, 1)[0];
      expect(poisoned.status).toBe('rejected');
      expect(
        results.map(r => (r.status === 'fulfilled' ? r.value.started : r)),
      ).toEqual(Array(100).fill(expect.objectContaining({})));
      expect(
        results.every(
          r => r.status === 'fulfilled' && r.value.decision.kind === 'accepted',
        ),
      ).toBe(true);
      expect(await count('call_sessions')).toBe(100);
      expect(await count('alerts')).toBe(100);
      // Each call's "call received"; dialling starts once they are stored.
      expect(await count('alert_events')).toBe(100);
    },
  );

  it('fails a whole batch at once when the database is gone, without splitting it', async () => {
    let statements = 0;
    const failing = new Batcher(
      async (items: IncomingCall[]) => {
        statements++;
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
          code: 'ECONNREFUSED',
          items: items.length,
        });
      },
      { isolates: isDataError },
    );
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        failing.submit({ callSid: sidOf(i), from: '', to: HOTLINE, at: AT }),
      ),
    );
    expect(results.every(r => r.status === 'rejected')).toBe(true);
    expect(statements).toBe(1);
  });

  it('advances the sessions of a batch beside one its statement cannot take', async () => {
    const store = new CallStore(knex);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        arrivals.open({
          callSid: sidOf(i + 1),
          from: '+12025550100',
          to: HOTLINE,
          at: AT,
        }),
      ),
    );
    const sessions = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.getSession(sidOf(i + 1))),
    );
    const advances = new Batcher(
      (items: Parameters<CallStore['advanceMany']>[0]) =>
        store.advanceMany(items),
      { isolates: isDataError },
    );
    const results = await Promise.allSettled(
      sessions.map((session, i) =>
        advances.submit({
          session: session!,
          flow: session!.flow,
          // A time no BIGINT holds (PostgreSQL), or no time at all.
          at: i === 7 ? new Date(Number.NaN) : AT,
        }),
      ),
    );
    expect(results[7].status).toBe('rejected');
    results.splice(7, 1);
    expect(results).toEqual(
      Array(19).fill({ status: 'fulfilled', value: true }),
    );
  });
});
