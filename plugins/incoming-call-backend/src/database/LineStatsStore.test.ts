import type { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { LineStatsStore } from './LineStatsStore';
import { applyMigrations } from './migrations';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const PLATFORM = 'group:default/platform';
const PAYMENTS = 'group:default/payments';
const NOW = Date.parse('2026-03-10T12:00:00Z');
const MINUTE = 60_000;

describe.each(databases.eachSupportedId())(
  "a team's recent answers on %s",
  id => {
    let knex: Knex;
    let stats: LineStatsStore;
    let events = 0;

    /** A call of the team that arrived `arrivedAgo` minutes ago, with its timeline's events `ago` minutes ago. */
    async function call(
      alertId: string,
      teamRef: string,
      arrivedAgo: number,
      timeline: { type: string; ago: number }[],
    ) {
      await knex('alerts').insert({
        id: alertId,
        team_ref: teamRef,
        integration_id: 'i-1',
        caller_number: '+4930555000',
        dialled_number: '+14155550100',
        status: 'open',
        priority: 'P3',
        tags: '[]',
        created_at: NOW - arrivedAgo * MINUTE,
        updated_at: NOW,
      });
      for (const { type, ago } of timeline) {
        events++;
        await knex('alert_events').insert({
          id: `e${events}`,
          alert_id: alertId,
          type,
          at: NOW - ago * MINUTE,
          message: type,
        });
      }
    }

    beforeEach(async () => {
      knex = await databases.init(id);
      await applyMigrations(knex);
      stats = new LineStatsStore(knex);
      events = 0;
    });

    it("counts the team's calls answered since then, and no others", async () => {
      await call('a1', PLATFORM, 20, [
        { type: 'created', ago: 20 },
        { type: 'answered', ago: 14 },
      ]);
      // Arrived long before the window, answered within it.
      await call('a2', PLATFORM, 90, [{ type: 'answered', ago: 1 }]);
      // Answered before the window.
      await call('a3', PLATFORM, 40, [{ type: 'answered', ago: 16 }]);
      // Still ringing.
      await call('a4', PLATFORM, 2, [{ type: 'created', ago: 2 }]);
      // Another team's.
      await call('p1', PAYMENTS, 5, [{ type: 'answered', ago: 3 }]);

      expect(await stats.answeredSince(PLATFORM, NOW - 15 * MINUTE)).toBe(2);
      expect(await stats.answeredSince(PAYMENTS, NOW - 15 * MINUTE)).toBe(1);
      expect(
        await stats.answeredSince('group:default/none', NOW - 15 * MINUTE),
      ).toBe(0);
    });
  },
);
