import type { DialPlan } from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../__testUtils__/platformIntegration';
import { IntegrationStore } from '../store/IntegrationStore';
import { applyMigrations } from '../store/migrations';
import { CallOpenings, type IncomingCall } from './CallOpenings';

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

describe.each(databases.eachSupportedId())('CallOpenings on %s', id => {
  let knex: Knex;
  /** The instants the roster was asked to plan for, per batch. */
  let plannedWindows: Array<[Date, Date]>;
  let openings: CallOpenings;

  beforeEach(async () => {
    knex = await databases.init(id);
    await applyMigrations(knex);
    await savePlatformIntegration(knex, { blocklist: ['+1900*'] });
    plannedWindows = [];
    openings = new CallOpenings({
      db: knex,
      integrations: new IntegrationStore(knex),
      roster: {
        planner: async (from, to) => {
          plannedWindows.push([from, to]);
          return () => plan;
        },
      },
    });
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
    // Dialling started for each call once; the duplicate starts nothing.
    expect(opened.slice(0, 40).every(o => o.started)).toBe(true);
    expect(opened[40].started).toBeUndefined();
    expect(opened[3].started!.session).toMatchObject({
      callSid: 'CA3',
      version: 1,
      flow: { state: 'queued', leg: { index: 0 } },
    });
    expect(opened[3].started!.transition.commands).toContainEqual(
      expect.objectContaining({ type: 'place-leg', index: 0 }),
    );
    const sessions = await knex('call_sessions').pluck('call_sid');
    expect([...sessions].sort()).toEqual([...sids].sort());
    expect(await count('alerts')).toBe(40);
    // Call received and the first responder rung, for each call.
    expect(await count('alert_events')).toBe(80);
    // One call alone, then the rest together, duplicate included: each
    // batch reads the numbers once and writes once, in one statement on
    // PostgreSQL and in a transaction (BEGIN, three inserts, COMMIT) on
    // SQLite. A write per call would take 41 times that.
    expect(statements).toBe(id === 'POSTGRES_15' ? 2 * 2 : 2 * 6);
    // Each batch read the overrides for the instants of its calls.
    const [from, to] = plannedWindows[plannedWindows.length - 1];
    expect(from.getTime()).toBeLessThan(to.getTime());
  });

  it('turns away a blocked caller and a number nobody owns, in the same batch', async () => {
    const opened = await Promise.all([
      openings.open(call('CA1')),
      openings.open(call('CA2', { from: '+19005550000' })),
      openings.open(call('CA3', { to: '+14155559999' })),
      openings.open(call('CA4', { from: '+19005550001' })),
    ]);

    expect(opened.map(o => o.decision.kind)).toEqual([
      'accepted',
      'rejected',
      'not-in-service',
      'rejected',
    ]);
    expect(opened.map(o => Boolean(o.started))).toEqual([
      true,
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
});
