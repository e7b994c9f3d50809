import { mockServices } from '@backstage/backend-test-utils';
import { LineStore } from '../../database/LineStore';
import type { DialPlan } from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import twilio from 'twilio';
import { createTestDatabases } from '../../__testUtils__/databases';
import { eventually } from '../../__testUtils__/eventually';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../../__testUtils__/platformIntegration';
import { RecordingTwilioClient } from '../../__testUtils__/RecordingTwilioClient';
import { AlertStore } from '../../database/AlertStore';
import { ArrivalStore } from '../../database/ArrivalStore';
import { CallStore } from '../../database/CallStore';
import { DegradedAlertStore } from '../../database/DegradedAlertStore';
import { IntegrationStore } from '../../database/IntegrationStore';
import { applyMigrations } from '../../database/migrations';
import { OutboundCallLimiter } from '../../database/OutboundCallLimiter';
import { OverrideStore } from '../../database/OverrideStore';
import { RoutingVersionStore } from '../../database/RoutingVersionStore';
import { createWithTransaction } from '../../database/transactions';
import { TwilioGateway } from '../../twilio/TwilioGateway';
import { TwilioUrls } from '../../twilio/TwilioUrls';
import type { RosterService } from '../RosterService';
import { RoutingCache } from '../routing/RoutingCache';
import { CallService } from '../calls/CallService';
import { DegradedCalls } from './DegradedCalls';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const BASE = 'https://calls.example.com/api/incoming-call/webhooks';
const ANA = '+14155550101';
const plan: DialPlan = {
  tiers: [
    {
      pass: 0,
      delayMinutes: 0,
      users: [
        {
          userRef: 'user:default/ana',
          displayName: 'ana',
          phone: ANA,
          reason: 'on call',
        },
      ],
    },
  ],
  skipped: [],
  voicemailOnly: false,
};

/** A promise settled by the test. */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>(res => {
    resolve = res;
  });
  return { promise, resolve };
}

/**
 * The late store: the voice webhook gave up on the database and answered
 * in degraded mode (a stateless dial of Ana), then the call's arrival was
 * stored after all. Its session must not wait, queued, for a sweep to ring
 * Ana a second time, and the write-back must not make a second alert.
 */
describe.each(databases.eachSupportedId())(
  'A call stored after its degraded answer on %s',
  id => {
    let knex: Knex;
    let clock: number;
    let handler: CallService | undefined;

    beforeEach(async () => {
      clock = Date.now();
      knex = await databases.init(id);
      await applyMigrations(knex);
      await savePlatformIntegration(knex, {
        recipients: ['group:default/platform'],
      });
    });
    afterEach(() => handler?.stop());

    it('ends the session at once, so the sweep dials nobody, and the write-back adds to its one alert', async () => {
      const now = { now: () => clock };
      const rest = new RecordingTwilioClient();
      const urls = async () =>
        new TwilioUrls({ webhooks: BASE, audio: a => `media/${a}` });
      const integrations = new IntegrationStore(knex, now);
      const overrides = new OverrideStore(knex, now);

      // The arrival statement starts, then waits for the test to let it
      // finish: the degraded answer is given in between.
      const storeStarted = deferred();
      const storeMayFinish = deferred();
      class LateArrivals extends ArrivalStore {
        override async record(
          ...args: Parameters<ArrivalStore['record']>
        ): ReturnType<ArrivalStore['record']> {
          const recording = super.record(...args);
          storeStarted.resolve();
          await storeMayFinish.promise;
          return recording;
        }
      }
      handler = new CallService({
        calls: new CallStore(knex),
        alerts: new AlertStore(knex),
        arrivals: new LateArrivals(knex),
        integrations,
        line: new LineStore(knex),
        withTransaction: createWithTransaction(knex),
        routing: new RoutingCache({
          routingVersion: new RoutingVersionStore(knex),
          integrations,
          overrides,
          clock: now,
        }),
        roster: {
          planFor: async () => plan,
          plannerWith: async () => () => plan,
        } as unknown as RosterService,
        catalog: { snapshot: async () => ({} as never) },
        gateway: new TwilioGateway(
          twilio('AC123', 'token', { httpClient: rest as never }),
          urls,
        ),
        limiter: new OutboundCallLimiter(knex, 'AC123', 100),
        urls,
        logger: mockServices.logger.mock(),
        clock: now,
      });
      const service = handler;

      const integration = (await integrations.getByNumbers([HOTLINE])).get(
        HOTLINE,
      )!;
      const degraded = new DegradedCalls({
        routing: {
          lastKnown: () => ({
            integrationOf: (n: string) =>
              n === HOTLINE ? (integration as never) : undefined,
            overrides: [],
          }),
        },
        roster: { plannerWith: async () => () => plan },
        store: new DegradedAlertStore(knex),
        integrations,
        urls,
        logger: mockServices.logger.mock(),
        clock: now,
        attemptTimeoutMs: 20,
        endSession: callSid => service.answeredDegraded(callSid),
      });

      // An outage was seen a moment ago (a refused connection), so a slow
      // attempt now counts as one.
      await expect(
        degraded.guard(
          {
            callSid: 'CA0',
            from: '+4930555000',
            to: '+10000000000',
            at: new Date(clock),
          },
          async () => {
            throw Object.assign(new Error('connect ECONNREFUSED'), {
              code: 'ECONNREFUSED',
            });
          },
        ),
      ).rejects.toThrow();

      const call = {
        callSid: 'CA1',
        from: '+4930555000',
        to: HOTLINE,
        at: new Date(clock),
      };
      let attempt: Promise<string> | undefined;
      const answered = degraded.guard(call, signal => {
        attempt = service.answer(call, signal);
        return attempt;
      });
      await storeStarted.promise;
      // Given up on while the store runs: the degraded answer dials Ana.
      const twiml = await answered;
      expect(twiml).toContain(ANA);

      // Then the store completes.
      storeMayFinish.resolve();
      await attempt;
      await service.idle();
      const session = () =>
        knex('call_sessions').where({ call_sid: 'CA1' }).first();
      await eventually(async () =>
        expect((await session()).state).toBe('ended'),
      );

      // A sweep well past every timer of a queued call: nothing is due.
      clock += 120_000;
      await service.sweep();
      await service.idle();
      expect(rest.placedLegs()).toEqual([]);

      // Ana took the degraded call; the write-back adds to the stored alert.
      degraded.answered(
        {
          call: 'CA1',
          from: call.from,
          to: HOTLINE,
          language: integration.config.language,
          team: integration.config.name,
          users: ['user:default/ana'],
          phones: [ANA],
          ringSeconds: 20,
          voicemail: true,
        },
        'user:default/ana',
      );
      await degraded.flush();
      expect(degraded.pending).toBe(0);
      await service.idle();

      const alerts = await knex('alerts').select();
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({
        id: (await session()).alert_id,
        status: 'acknowledged',
        acknowledged_by: 'user:default/ana',
      });
      const messages = await knex('alert_events')
        .where({ alert_id: alerts[0].id })
        .orderBy('seq')
        .pluck('message');
      expect(messages).toEqual(
        expect.arrayContaining([
          expect.stringContaining('answered in degraded mode'),
          expect.stringContaining('Answered in degraded mode'),
          'Answered (degraded mode)',
        ]),
      );
      expect(rest.placedLegs()).toEqual([]);
    });
  },
);
