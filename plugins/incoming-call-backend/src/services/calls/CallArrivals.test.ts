import type { DialPlan } from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import { createTestDatabases } from '../../__testUtils__/databases';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../../__testUtils__/platformIntegration';
import { IntegrationStore } from '../../database/IntegrationStore';
import { applyMigrations } from '../../database/migrations';
import { OverrideStore } from '../../database/OverrideStore';
import type { Override } from '../../domain/roster/onCall';
import { ArrivalStore } from '../../database/ArrivalStore';
import { RoutingVersionStore } from '../../database/RoutingVersionStore';
import type { IncomingCall } from '../../domain/arrival/arrivalRecord';
import { CallArrivals } from './CallArrivals';
import { RoutingCache } from '../routing/RoutingCache';
import { systemClock } from '../../lib/clock';

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

describe.each(databases.eachSupportedId())('CallArrivals on %s', id => {
  let knex: Knex;
  /** The overrides each batch planned with. */
  let plannedWith: Array<readonly Override[]>;

  /** A replica's openings, with a routing view of its own. */
  const replica = () =>
    new CallArrivals({
      arrivals: new ArrivalStore(knex),
      routing: new RoutingCache({
        routingVersion: new RoutingVersionStore(knex),
        integrations: new IntegrationStore(knex, systemClock),
        overrides: new OverrideStore(knex, systemClock),
        clock: systemClock,
      }),
      roster: {
        plannerWith: async overrides => {
          plannedWith.push(overrides);
          return () => plan;
        },
      },
    });
  let openings: CallArrivals;

  beforeEach(async () => {
    knex = await databases.init(id);
    await applyMigrations(knex);
    await savePlatformIntegration(knex, { blocklist: ['+1900*'] });
    plannedWith = [];
    openings = replica();
  });

  const call = (callSid: string, changes: Partial<IncomingCall> = {}) => ({
    callSid,
    from: '+4930555000',
    to: HOTLINE,
    at: new Date('2026-11-25T10:00:00Z'),
    ...changes,
  });
  const count = async (table: string) =>
    Number((await knex(table).count({ n: '*' }))[0].n);

  it('records a burst of calls in a few round trips, and a duplicate once', async () => {
    const sids = Array.from({ length: 40 }, (_, i) => `CA${i}`);
    let statements = 0;
    const countStatement = () => statements++;
    knex.on('query', countStatement);
    const opened = await Promise.all(
      [...sids, 'CA7'].map((sid, i) =>
        openings.open(
          call(sid, { at: new Date(Date.UTC(2026, 10, 25, 10, 0, i)) }),
        ),
      ),
    );
    knex.off('query', countStatement);

    expect(opened.map(o => o.decision.kind)).toEqual(
      Array(41).fill('accepted'),
    );
    // Each call started once; the duplicate starts nothing.
    expect(opened.slice(0, 40).every(o => o.started)).toBe(true);
    expect(opened[40].started).toBeUndefined();
    expect(opened[3].started!.session).toMatchObject({
      callSid: 'CA3',
      version: 1,
      // In the line: dialling starts once the call is stored.
      flow: { state: 'queued', tried: [] },
    });
    expect(opened[3].started!.session.flow.dialStartedAt).toBeUndefined();
    expect(
      opened[3].started!.transition.commands.map(c => c.type),
    ).not.toContain('place-leg');
    const sessions = await knex('call_sessions').pluck('call_sid');
    expect([...sessions].sort()).toEqual([...sids].sort());
    expect(await count('alerts')).toBe(40);
    // Call received, for each call.
    expect(await count('alert_events')).toBe(40);
    // Arriving together, the calls share one batch, duplicate included:
    // it reads the routing (its version, the overrides, the number), then
    // writes once: one statement on PostgreSQL, a transaction (BEGIN, the
    // version, three inserts, COMMIT) on SQLite. A write per call would
    // take 41 times that.
    expect(statements).toBe(id === 'POSTGRES_15' ? 3 + 1 : 3 + 6);
    expect(plannedWith).toHaveLength(1);
  });

  it('turns away a blocked caller and a number nobody owns, in the same batch', async () => {
    const opened = await Promise.all([
      openings.open(call('CA1')),
      openings.open(call('CA2', { from: '+19005550000' })),
      openings.open(call('CA3', { to: '+14155559999' })),
      openings.open(call('CA4', { from: '+19005550001' })),
      // Delivered twice: counted once.
      openings.open(call('CA4', { from: '+19005550001' })),
    ]);

    expect(opened.map(o => o.decision.kind)).toEqual([
      'accepted',
      'rejected',
      'not-in-service',
      'rejected',
      'rejected',
    ]);
    expect(opened.map(o => Boolean(o.started))).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(await knex('call_rejections').pluck('caller_number')).toEqual(
      expect.arrayContaining(['+19005550000', '+19005550001']),
    );
    expect(await count('call_rejections')).toBe(2);
    expect(await knex('call_sessions').pluck('call_sid')).toEqual(['CA1']);
  });

  it('decides each call from the routing as it is, whichever replica changed it', async () => {
    // This replica's view now holds the hotline and an unknown number.
    expect(
      (
        await Promise.all([
          openings.open(call('CA1', { from: '+4930555111' })),
          openings.open(call('CA2', { to: '+14155559999' })),
        ])
      ).map(o => o.decision.kind),
    ).toEqual(['accepted', 'not-in-service']);

    // Another replica blocks a caller and gives the team the other number.
    await savePlatformIntegration(knex, {
      blocklist: ['+4930555111'],
      numbers: [
        { number: HOTLINE, country: 'US', source: 'attached' },
        { number: '+14155559999', country: 'US', source: 'attached' },
      ],
    });
    expect(
      (await openings.open(call('CA3', { from: '+4930555111' }))).decision.kind,
    ).toBe('rejected');
    expect(
      (await openings.open(call('CA4', { to: '+14155559999' }))).decision.kind,
    ).toBe('accepted');

    // And an override made anywhere is planned with from the next call.
    const at = new Date();
    await new OverrideStore(knex, systemClock).create({
      scheduleRef: 'schedule:default/platform-primary',
      userRef: 'user:default/carol',
      start: new Date(at.getTime() - 3600_000),
      end: new Date(at.getTime() + 3600_000),
      createdBy: 'user:default/carol',
    });
    await openings.open(call('CA5', { at }));
    expect(plannedWith[plannedWith.length - 1]).toEqual([
      expect.objectContaining({ userRef: 'user:default/carol' }),
    ]);
    expect(await knex('call_sessions').pluck('call_sid')).toEqual(
      expect.arrayContaining(['CA1', 'CA4', 'CA5']),
    );
  });
});
