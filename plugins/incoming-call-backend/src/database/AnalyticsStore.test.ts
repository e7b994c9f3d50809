import type { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { offsetSegments } from '../domain/usage/periods';
import { AnalyticsStore } from './AnalyticsStore';
import { CallLegStore } from './CallLegStore';
import { applyMigrations } from './migrations';
import { UsageStore } from './UsageStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const PLATFORM = 'group:default/platform';
const PAYMENTS = 'group:default/payments';
const HOTLINE = '+14155550100';
const at = (iso: string) => Date.parse(iso);
const MARCH = {
  from: at('2026-03-01T00:00:00Z'),
  to: at('2026-04-01T00:00:00Z'),
};

describe.each(databases.eachSupportedId())(
  'usage and analytics aggregates on %s',
  id => {
    let knex: Knex;
    let analytics: AnalyticsStore;

    async function alert(
      alertId: string,
      teamRef: string,
      iso: string,
      outcome: string,
    ) {
      await knex('alerts').insert({
        id: alertId,
        team_ref: teamRef,
        integration_id: teamRef === PLATFORM ? 'i-platform' : 'i-payments',
        caller_number: '+4930555000',
        dialled_number: teamRef === PLATFORM ? HOTLINE : '+12025550100',
        status: 'closed',
        priority: 'P3',
        tags: '[]',
        created_at: at(iso),
        updated_at: at(iso),
        outcome,
      });
    }

    let legs = 0;
    async function leg(
      teamRef: string,
      userRef: string,
      secondsToAnswer: number | null,
      extra: { domestic?: boolean; billedMinutes?: number; iso?: string } = {},
    ) {
      legs++;
      const callAt = at(extra.iso ?? '2026-03-10T12:00:00Z');
      await knex('call_legs').insert({
        leg_sid: `CL${legs}`,
        call_sid: `CA${legs}`,
        alert_id: `a${legs}`,
        team_ref: teamRef,
        dialled_number: teamRef === PLATFORM ? HOTLINE : '+12025550100',
        call_at: callAt,
        user_ref: userRef,
        status: secondsToAnswer === null ? 'no-answer' : 'completed',
        connected: secondsToAnswer !== null,
        domestic: extra.domestic ?? true,
        billed_minutes:
          extra.billedMinutes ?? (secondsToAnswer === null ? 0 : 1),
        seconds_to_answer: secondsToAnswer,
        ended_at: callAt + 60_000,
      });
    }

    beforeEach(async () => {
      knex = await databases.init(id);
      await applyMigrations(knex);
      analytics = new AnalyticsStore(knex);
      legs = 0;
      for (const [integration, teamRef] of [
        ['i-platform', PLATFORM],
        ['i-payments', PAYMENTS],
      ]) {
        await knex('integrations').insert({
          id: integration,
          team_ref: teamRef,
          config: '{}',
          created_at: 0,
          updated_at: 0,
          updated_by: 'user:default/ana',
        });
      }
      await knex('phone_numbers').insert([
        {
          number: HOTLINE,
          integration_id: 'i-platform',
          country: 'US',
          source: 'attached',
        },
        {
          number: '+12025550100',
          integration_id: 'i-payments',
          country: 'US',
          source: 'attached',
        },
      ]);
    });

    it("buckets a period's calls by local hour of the week across a DST change", async () => {
      // Monday 09:30 in Berlin (UTC+1).
      await alert('a1', PLATFORM, '2026-03-02T08:30:00Z', 'answered');
      // Sunday 23:30 in Berlin, after the change to UTC+2.
      await alert('a2', PLATFORM, '2026-03-29T21:30:00Z', 'abandoned');
      // Tuesday 13:00 in Berlin.
      await alert('a3', PLATFORM, '2026-03-10T12:00:00Z', 'voicemail');
      await alert('a4', PLATFORM, '2026-02-28T23:59:59Z', 'answered');
      await alert('p1', PAYMENTS, '2026-03-05T10:00:00Z', 'answered');

      const berlin = offsetSegments('Europe/Berlin', MARCH);
      const sorted = (
        buckets: Awaited<ReturnType<AnalyticsStore['callBuckets']>>,
      ) => [...buckets].sort((a, b) => a.hourOfWeek - b.hourOfWeek);
      expect(
        sorted(await analytics.callBuckets(MARCH, berlin, PLATFORM)),
      ).toEqual([
        { hourOfWeek: 9, calls: 1, answered: 1, abandoned: 0, voicemails: 0 },
        {
          hourOfWeek: 24 + 13,
          calls: 1,
          answered: 0,
          abandoned: 0,
          voicemails: 1,
        },
        {
          hourOfWeek: 6 * 24 + 23,
          calls: 1,
          answered: 0,
          abandoned: 1,
          voicemails: 0,
        },
      ]);
      const utc = offsetSegments('UTC', MARCH);
      expect(
        sorted(await analytics.callBuckets(MARCH, utc)).map(b => [
          b.hourOfWeek,
          b.calls,
        ]),
      ).toEqual([
        [8, 1],
        [24 + 12, 1],
        [3 * 24 + 10, 1],
        [6 * 24 + 21, 1],
      ]);
    });

    it('takes nearest-rank percentiles of the seconds to answer, and counts legs per responder', async () => {
      for (const seconds of [40, 3, 90, 10]) {
        await leg(PLATFORM, 'user:default/ana', seconds);
      }
      await leg(PLATFORM, 'user:default/carol', 20);
      await leg(PLATFORM, 'user:default/carol', null);
      await leg(PLATFORM, 'user:default/carol', null);
      await leg(PLATFORM, 'user:default/ana', null, {
        iso: '2026-04-01T00:00:00Z',
      });
      await leg(PAYMENTS, 'user:default/bob', 1);

      expect(await analytics.timeToAnswer(MARCH, PLATFORM, [0.5, 0.9])).toEqual(
        [20, 90],
      );
      expect(
        await analytics.timeToAnswer(MARCH, undefined, [0.5, 0.9]),
      ).toEqual([10, 90]);
      expect(
        await analytics.timeToAnswer(
          { from: MARCH.to, to: MARCH.to + 1 },
          PLATFORM,
          [0.5],
        ),
      ).toEqual([null]);
      expect(await analytics.responders(MARCH, PLATFORM, 100)).toEqual([
        { userRef: 'user:default/ana', rung: 4, answered: 4 },
        { userRef: 'user:default/carol', rung: 3, answered: 1 },
      ]);
      expect(await analytics.responders(MARCH, undefined, 1)).toEqual([
        { userRef: 'user:default/ana', rung: 4, answered: 4 },
      ]);
    });

    it('counts blocked calls of a team and of the organisation', async () => {
      await knex('call_rejections').insert([
        {
          integration_id: 'i-platform',
          caller_number: '+1900555',
          at: at('2026-03-03T00:00:00Z'),
        },
        {
          integration_id: 'i-platform',
          caller_number: '+1900556',
          at: at('2026-02-03T00:00:00Z'),
        },
        {
          integration_id: 'i-payments',
          caller_number: '+1900557',
          at: at('2026-03-04T00:00:00Z'),
        },
      ]);
      expect(await analytics.blocked(MARCH, PLATFORM)).toBe(1);
      expect(await analytics.blocked(MARCH)).toBe(2);
    });

    it("sums a number's calls and minutes by destination, and lists the numbers held", async () => {
      await alert('a1', PLATFORM, '2026-03-02T08:30:00Z', 'answered');
      await alert('a2', PLATFORM, '2026-03-03T08:30:00Z', 'answered');
      await leg(PLATFORM, 'user:default/ana', 5, {
        domestic: true,
        billedMinutes: 3,
      });
      await leg(PLATFORM, 'user:default/erin', 5, {
        domestic: false,
        billedMinutes: 2,
      });
      await leg(PLATFORM, 'user:default/erin', null, { domestic: false });
      const usage = new UsageStore(knex);
      expect(await usage.countsByNumber(MARCH, PLATFORM)).toEqual([
        {
          number: HOTLINE,
          teamRef: PLATFORM,
          calls: 2,
          minutesDomestic: 3,
          minutesInternational: 2,
        },
      ]);
      expect(
        (await usage.heldNumbers()).sort((a, b) =>
          a.number.localeCompare(b.number),
        ),
      ).toEqual([
        { number: '+12025550100', teamRef: PAYMENTS },
        { number: HOTLINE, teamRef: PLATFORM },
      ]);
      expect(await usage.heldNumbers(PLATFORM)).toEqual([
        { number: HOTLINE, teamRef: PLATFORM },
      ]);
      expect(await usage.firstNumbers(1)).toEqual(['+12025550100']);
      expect(await usage.firstNumbers(0)).toEqual([]);
    });

    it("keeps a leg once, with its call's team, number and arrival, and the seconds to answer", async () => {
      await alert('a1', PLATFORM, '2026-03-02T08:30:00Z', 'answered');
      await knex('call_sessions').insert({
        call_sid: 'CA-caller',
        integration_id: 'i-platform',
        alert_id: 'a1',
        state: 'connected',
        version: 1,
        created_at: at('2026-03-02T08:30:00Z'),
        updated_at: at('2026-03-02T08:30:00Z'),
      });
      const store = new CallLegStore(knex);
      const ended = {
        legSid: 'CA-erin',
        callSid: 'CA-caller',
        userRef: 'user:default/erin',
        status: 'completed',
        connected: true,
        domestic: false,
        billedMinutes: 3,
        answeredAt: at('2026-03-02T08:30:12.400Z'),
        endedAt: at('2026-03-02T08:33:00Z'),
      };
      await store.record(ended);
      await store.record({ ...ended, billedMinutes: 9 });
      // A leg of a call the database does not know is not kept.
      await store.record({
        ...ended,
        legSid: 'CA-other',
        callSid: 'CA-unknown',
      });
      const rows = await knex('call_legs').select();
      expect(rows).toHaveLength(1);
      expect({
        ...rows[0],
        connected: Boolean(rows[0].connected),
        domestic: Boolean(rows[0].domestic),
        call_at: Number(rows[0].call_at),
        ended_at: Number(rows[0].ended_at),
      }).toEqual({
        leg_sid: 'CA-erin',
        call_sid: 'CA-caller',
        alert_id: 'a1',
        team_ref: PLATFORM,
        dialled_number: HOTLINE,
        call_at: at('2026-03-02T08:30:00Z'),
        user_ref: 'user:default/erin',
        status: 'completed',
        connected: true,
        domestic: false,
        billed_minutes: 3,
        seconds_to_answer: 12,
        ended_at: at('2026-03-02T08:33:00Z'),
      });
    });
  },
);
