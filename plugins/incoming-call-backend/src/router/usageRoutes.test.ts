import { mockCredentials } from '@backstage/backend-test-utils';
import type { SimulatedPhoneNetwork } from '@icr/phone-network-sim';
import type { Knex } from 'knex';
import request from 'supertest';
import { startNetworkCallBackend } from '../__testUtils__/callBackend';
import { createTestDatabases } from '../__testUtils__/databases';
import { permissionsFromDefaultPolicy } from '../__testUtils__/defaultPolicy';
import { eventually } from '../__testUtils__/eventually';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../__testUtils__/platformIntegration';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ANA = '+14155550101'; // Platform, a US number
const ERIN = '+4930555010501'; // in no team, a German number
const PLATFORM = 'group:default/platform';
const ana = mockCredentials.user.header('user:default/ana');
const bob = mockCredentials.user.header('user:default/bob'); // Payments
const carol = mockCredentials.user.header('user:default/carol'); // above Platform
const dave = mockCredentials.user.header('user:default/dave'); // in no team
const service = mockCredentials.service.header();
/** A call's final statuses. */
const OVER = new Set(['completed', 'busy', 'no-answer', 'canceled', 'failed']);

describe.each(databases.eachSupportedId())(
  'usage and call analytics on %s',
  id => {
    let knex: Knex;
    let network: SimulatedPhoneNetwork;
    let root = '';

    beforeEach(async () => {
      knex = await databases.init(id);
      const started = await startNetworkCallBackend(knex, [
        permissionsFromDefaultPolicy(),
      ]);
      network = started.network;
      root = started.root;
      // Ana, then Erin; callers from +4930999 are blocked.
      await savePlatformIntegration(knex, {
        recipients: ['user:default/ana', 'user:default/erin'],
        blocklist: ['+4930999*'],
      });
    });

    const count = async (table: string) =>
      Number((await knex(table).count({ n: '*' }))[0].n);

    /** Places a call, lets `script` run it, and waits until it is over. */
    async function call(
      from: string,
      script: (sid: string) => Promise<void> | void = () => {},
      options: { voicemailSeconds?: number } = {},
    ) {
      const alertsBefore = await count('alerts');
      const caller = network.call(from, HOTLINE, options);
      await script(caller.sid);
      await eventually(async () => {
        await network.settled();
        expect(network.calls().every(c => OVER.has(c.status))).toBe(true);
        const outcomes = await knex('alerts').pluck('outcome');
        expect(outcomes).toHaveLength(
          alertsBefore + (from.startsWith('+4930999') ? 0 : 1),
        );
        expect(outcomes).not.toContain('pending');
      });
    }

    /** Four calls and a blocked one, each leg's destination and outcome known. */
    async function scriptedCalls() {
      // 1. Ana does not answer; Erin takes it (one international minute).
      network.setPhone(ANA, { kind: 'no-answer' });
      network.setPhone(ERIN, { kind: 'answer', press: '1' });
      await call('+4930555001', async sid => {
        await eventually(async () => {
          await network.settled();
          expect(network.get(sid).bridgedWith).toBeDefined();
        });
        network.hangUp(sid);
      });
      // 2. Ana takes it (one domestic minute).
      network.setPhone(ANA, { kind: 'answer', press: '1' });
      await call('+4930555002', async sid => {
        await eventually(async () => {
          await network.settled();
          expect(network.get(sid).bridgedWith).toBeDefined();
        });
        network.hangUp(sid);
      });
      // 3. The caller hangs up while Ana's phone rings: abandoned.
      network.setPhone(ANA, { kind: 'ring' });
      await call('+4930555003', async sid => {
        await eventually(async () => {
          await network.settled();
          expect(
            network.calls().some(c => c.to === ANA && c.status === 'ringing'),
          ).toBe(true);
        });
        network.hangUp(sid);
      });
      // 4. Both busy: a voicemail.
      network.setPhone(ANA, { kind: 'busy' });
      network.setPhone(ERIN, { kind: 'busy' });
      await call('+4930555004', () => {}, { voicemailSeconds: 3 });
      // 5. Blocked.
      await call('+4930999000');
      // Every leg's final status is in.
      await eventually(async () => expect(await count('call_legs')).toBe(6));
    }

    const get = (path: string, auth: string) =>
      request(root).get(`/api/incoming-call${path}`).set('Authorization', auth);

    it("counts a month's calls and forwarded minutes by destination, and prices them to the cent", async () => {
      await scriptedCalls();
      const month = new Date().toISOString().slice(0, 7);

      const team = await get(`/usage?month=${month}&team=${PLATFORM}`, ana);
      expect(team.status).toBe(200);
      expect(team.body).toEqual({
        month,
        currency: 'USD',
        scope: 'team',
        teamRef: PLATFORM,
        pricing: {
          numberMonthlyCents: 1000,
          domesticMinuteCents: 10,
          internationalMinuteCents: 35,
          freeNumbers: 0,
        },
        numbers: [
          {
            number: HOTLINE,
            teamRef: PLATFORM,
            held: true,
            calls: 4,
            minutesDomestic: 1,
            minutesInternational: 1,
            monthlyFeeCents: 1000,
          },
        ],
        totals: {
          calls: 4,
          minutesDomestic: 1,
          minutesInternational: 1,
          numbersHeld: 1,
          freeNumbers: 0,
          numberFeesCents: 1000,
          domesticCostCents: 10,
          internationalCostCents: 35,
          estimateCents: 1045,
        },
        isEstimate: true,
      });
      // The organisation's view holds the same, for anyone signed in.
      const organisation = await get(`/usage?month=${month}`, dave);
      expect(organisation.status).toBe(200);
      expect(organisation.body).toMatchObject({
        scope: 'organisation',
        numbers: team.body.numbers,
        totals: team.body.totals,
      });
      // Another month has no calls, and the number's fee.
      const before = await get(`/usage?month=2020-01&team=${PLATFORM}`, ana);
      expect(before.body.totals).toMatchObject({
        calls: 0,
        estimateCents: 1000,
      });
    });

    it('reads how the calls went: answered, abandoned, voicemail, blocked, and per responder', async () => {
      await scriptedCalls();
      const from = new Date(Date.now() - 60 * 60 * 1000).toISOString();
      const to = new Date(Date.now() + 60 * 1000).toISOString();
      const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(
        to,
      )}`;

      const team = await get(
        `/analytics?${query}&team=${PLATFORM}&tz=Europe/Berlin`,
        carol,
      );
      expect(team.status).toBe(200);
      expect(team.body).toMatchObject({
        scope: 'team',
        teamRef: PLATFORM,
        calls: 4,
        answered: 2,
        answerRate: 0.5,
        abandoned: 1,
        voicemails: 1,
        blocked: 1,
        responders: [
          {
            userRef: 'user:default/ana',
            displayName: 'ana',
            rung: 4,
            answered: 1,
            missed: 3,
          },
          {
            userRef: 'user:default/erin',
            displayName: 'erin',
            rung: 2,
            answered: 1,
            missed: 1,
          },
        ],
        timeZone: 'Europe/Berlin',
      });
      const { p50, p90 } = team.body.timeToAnswerSeconds;
      expect(p50).toBeGreaterThanOrEqual(0);
      expect(p90).toBeGreaterThanOrEqual(p50);
      expect(p90).toBeLessThan(30);
      const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
      expect(team.body.byHourOfDay).toHaveLength(24);
      expect(sum(team.body.byHourOfDay)).toBe(4);
      expect(team.body.byWeekday).toHaveLength(7);
      expect(sum(team.body.byWeekday)).toBe(4);
      // No caller's number anywhere in the figures.
      expect(JSON.stringify(team.body)).not.toMatch(/\+4930555/);

      const organisation = await get(`/analytics?${query}`, dave);
      expect(organisation.status).toBe(200);
      expect(organisation.body).toMatchObject({
        scope: 'organisation',
        calls: 4,
        blocked: 1,
        timeZone: 'UTC',
      });
    });

    it("answers 403 to a user outside the team, and to services for the organisation's", async () => {
      const month = '2026-12';
      const usage = await get(`/usage?month=${month}&team=${PLATFORM}`, bob);
      expect(usage.status).toBe(403);
      expect(usage.body.error.message).toBe(
        'Only members of Platform may read its usage and call analytics',
      );
      const analytics = await get(
        `/analytics?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z&team=${PLATFORM}`,
        dave,
      );
      expect(analytics.status).toBe(403);
      expect(
        (await get(`/usage?month=${month}&team=${PLATFORM}`, carol)).status,
      ).toBe(200);
      expect((await get(`/usage?month=${month}`, service)).status).toBe(403);
      expect((await get(`/usage?month=${month}`, bob)).status).toBe(200);
    });

    it.each([
      [
        '/usage?month=2026-13',
        'month: month is a month as YYYY-MM, e.g. 2026-12',
      ],
      ['/usage', 'month: month is required, as YYYY-MM (e.g. 2026-12)'],
      [
        '/analytics?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z',
        'from: from is before to',
      ],
      [
        '/analytics?from=2025-01-01T00:00:00Z&to=2026-01-03T00:00:00Z',
        'to: the period is at most 366 days',
      ],
      [
        '/analytics?from=yesterday&to=2026-12-01T00:00:00Z',
        'from: from is an ISO 8601 time',
      ],
      [
        '/analytics?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z&tz=Mars/Olympus',
        'tz: tz is an IANA time zone, e.g. Europe/Berlin',
      ],
      [
        '/usage?month=2026-12&team=user:default/ana',
        'team: user:default/ana is not a Group entity ref',
      ],
    ])('refuses %s with 400 and a message', async (path, message) => {
      const response = await get(path, ana);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toBe(message);
      expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts/);
    });

    it('answers 404 for a team the catalog does not have', async () => {
      const response = await get(
        '/usage?month=2026-12&team=group:default/nobody',
        ana,
      );
      expect(response.status).toBe(404);
      expect(response.body.error.message).toBe(
        'There is no team group:default/nobody in the catalog',
      );
    });
  },
);
