import { mockServices } from '@backstage/backend-test-utils';
import {
  type DialPlan,
  type PlannedUser,
} from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import twilio from 'twilio';
import { createTestDatabases } from '../__testUtils__/databases';
import { eventually } from '../__testUtils__/eventually';
import { savePlatformIntegration } from '../__testUtils__/platformIntegration';
import { RecordingTwilioClient } from '../__testUtils__/RecordingTwilioClient';
import type { RosterService } from '../roster/RosterService';
import { IntegrationStore } from '../store/IntegrationStore';
import { applyMigrations } from '../store/migrations';
import { CallHandler } from './CallHandler';
import { TwilioGateway } from './TwilioGateway';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const BASE = 'https://calls.example.com/api/incoming-call/webhooks';

const responder = (name: string, phone: string): PlannedUser => ({
  userRef: `user:default/${name}`,
  displayName: name,
  phone,
  reason: 'on call',
});
const plan: DialPlan = {
  tiers: [
    {
      pass: 0,
      delayMinutes: 0,
      users: [
        responder('ana', '+14155550101'),
        responder('carol', '+14155550103'),
      ],
    },
  ],
  skipped: [],
  voicemailOnly: false,
};

describe.each(databases.eachSupportedId())(
  'CallHandler catching up idle calls on %s',
  id => {
    let knex: Knex;

    /** One backend replica: its own Twilio client over the shared database. */
    function replica(
      rest:
        | { request: RecordingTwilioClient['request'] }
        | { request: () => Promise<never> },
    ) {
      return new CallHandler({
        db: knex,
        integrations: new IntegrationStore(knex),
        roster: { planFor: async () => plan } as unknown as RosterService,
        gateway: new TwilioGateway(
          twilio('AC123', 'token', { httpClient: rest as never }),
          async () => BASE,
        ),
        webhookBaseUrl: async () => BASE,
        logger: mockServices.logger.mock(),
      });
    }

    beforeEach(async () => {
      knex = await databases.init(id);
      await applyMigrations(knex);
      await savePlatformIntegration(knex, {
        recipients: ['group:default/platform'],
      });
    });

    const call = {
      callSid: 'CA1',
      from: '+4930555000',
      to: '+14155550100',
      at: new Date(),
    };
    const idleFor = (seconds: number) =>
      knex('call_sessions').update({ updated_at: Date.now() - seconds * 1000 });

    it('hangs up a leg Twilio went silent about and rings the next responder', async () => {
      const rest = new RecordingTwilioClient();
      const handler = replica(rest);
      await handler.answer(call);
      await eventually(() =>
        expect(rest.placedLegs()).toEqual(['+14155550101']),
      );

      // Within the ring timeout (25 s) and its grace, nothing happens.
      await idleFor(40);
      await handler.sweep(new Date());
      expect(rest.placedLegs()).toHaveLength(1);

      await idleFor(60);
      await handler.sweep(new Date());
      expect(
        rest.requests.map(r => `${r.path} ${r.data.Status ?? r.data.To}`),
      ).toEqual([
        '/Calls.json +14155550101',
        '/Calls/CL1.json canceled',
        '/Calls.json +14155550103',
      ]);
    });

    it('resumes dialling on another replica when the one placing the leg stopped', async () => {
      // The first replica takes the call but never hears back from Twilio.
      const stalled = replica({ request: () => new Promise<never>(() => {}) });
      await stalled.answer(call);
      await eventually(async () =>
        expect(
          JSON.parse((await knex('call_sessions').first()).data).flow.leg,
        ).toEqual({ index: 0 }),
      );

      const rest = new RecordingTwilioClient();
      const survivor = replica(rest);
      await idleFor(120);
      await survivor.sweep(new Date());
      // Ana's leg was never confirmed placed: the survivor moves on to Carol.
      expect(rest.placedLegs()).toEqual(['+14155550103']);
      const events = await knex('alert_events').orderBy('seq').pluck('message');
      expect(events).toContain('ana did not take the call (no answer in time)');
    });

    it('starts dialling a queued call nobody started', async () => {
      const rest = new RecordingTwilioClient();
      const handler = replica(rest);
      await handler.answer(call);
      await eventually(() => expect(rest.placedLegs()).toHaveLength(1));
      // As if the process stopped right after answering: back to "not started".
      const row = await knex('call_sessions').first();
      const data = JSON.parse(row.data);
      await knex('call_sessions').update({
        data: JSON.stringify({
          ...data,
          flow: { ...data.flow, next: 0, leg: undefined },
        }),
      });
      await idleFor(5);
      await handler.sweep(new Date());
      expect(rest.placedLegs()).toHaveLength(1);
      await idleFor(15);
      await handler.sweep(new Date());
      expect(rest.placedLegs()).toEqual(['+14155550101', '+14155550101']);
    });
  },
);
