import { mockServices } from '@backstage/backend-test-utils';
import { LineStore } from '../../database/LineStore';
import {
  type DialPlan,
  type PlannedUser,
} from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import twilio from 'twilio';
import { createTestDatabases } from '../../__testUtils__/databases';
import { eventually } from '../../__testUtils__/eventually';
import { savePlatformIntegration } from '../../__testUtils__/platformIntegration';
import { RecordingTwilioClient } from '../../__testUtils__/RecordingTwilioClient';
import type { RosterService } from '../RosterService';
import { IntegrationStore } from '../../database/IntegrationStore';
import { OverrideStore } from '../../database/OverrideStore';
import { applyMigrations } from '../../database/migrations';
import { AlertStore } from '../../database/AlertStore';
import { ArrivalStore } from '../../database/ArrivalStore';
import { CallStore } from '../../database/CallStore';
import { RoutingVersionStore } from '../../database/RoutingVersionStore';
import { createWithTransaction } from '../../database/transactions';
import { TwilioUrls } from '../../twilio/TwilioUrls';
import { CallService } from './CallService';
import {
  LEG_GRACE_SECONDS,
  PLACE_GRACE_SECONDS,
  START_GRACE_SECONDS,
} from '../../domain/engine/timers';
import { OutboundCallLimiter } from '../../database/OutboundCallLimiter';
import { RoutingCache } from '../routing/RoutingCache';
import { TwilioGateway } from '../../twilio/TwilioGateway';

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
    { pass: 0, delayMinutes: 5, users: [responder('dave', '+14155550104')] },
  ],
  skipped: [],
  voicemailOnly: false,
};
const RING = 25;

describe.each(databases.eachSupportedId())(
  'CallService timers and replicas on %s',
  id => {
    let knex: Knex;
    /** The handlers' clock (ms), moved on by the tests. */
    let clock: number;
    const handlers: CallService[] = [];

    /** One backend replica: its own Twilio client over the shared database. */
    function replica(
      rest:
        | { request: RecordingTwilioClient['request'] }
        | { request: () => Promise<never> },
      callsPerSecond = 100,
    ) {
      const now = { now: () => clock };
      const integrations = new IntegrationStore(knex, now);
      const overrides = new OverrideStore(knex, now);
      const urls = async () =>
        new TwilioUrls({ webhooks: BASE, audio: a => `media/${a}` });
      const handler = new CallService({
        calls: new CallStore(knex),
        alerts: new AlertStore(knex),
        arrivals: new ArrivalStore(knex),
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
        limiter: new OutboundCallLimiter(knex, 'AC123', callsPerSecond),
        urls,
        logger: mockServices.logger.mock(),
        clock: now,
      });
      handlers.push(handler);
      return handler;
    }

    beforeEach(async () => {
      clock = Date.now();
      knex = await databases.init(id);
      await applyMigrations(knex);
      await savePlatformIntegration(knex, {
        recipients: ['group:default/platform'],
      });
    });
    afterEach(() => handlers.splice(0).forEach(h => h.stop()));

    const call = () => ({
      callSid: 'CA1',
      from: '+4930555000',
      to: '+14155550100',
      at: new Date(clock),
    });
    const flow = async () =>
      JSON.parse((await knex('call_sessions').first()).data).flow;
    const events = () => knex('alert_events').orderBy('seq').pluck('message');

    it('hangs up a leg Twilio went silent about and rings the next responder', async () => {
      const rest = new RecordingTwilioClient();
      const handler = replica(rest);
      await handler.answer(call());
      await eventually(async () => expect((await flow()).leg.sid).toBe('CL1'));
      const placedAt = clock;

      // Within the ring timeout and its grace, nothing happens.
      clock = placedAt + (RING + LEG_GRACE_SECONDS) * 1000 - 1;
      await handler.sweep();
      await handler.idle();
      expect(rest.placedLegs()).toHaveLength(1);

      clock += 1;
      await handler.sweep();
      await handler.idle();
      expect(
        rest.requests.map(r => `${r.path} ${r.data.Status ?? r.data.To}`),
      ).toEqual([
        '/Calls.json +14155550101',
        '/Calls/CL1.json canceled',
        '/Calls.json +14155550103',
      ]);
    });

    it('dials again, on another replica, a leg whose replica stopped while placing it', async () => {
      // The first replica takes the call but never hears back from Twilio.
      const stalled = replica({ request: () => new Promise<never>(() => {}) });
      await stalled.answer(call());
      await eventually(async () =>
        expect((await flow()).leg).toEqual({
          index: 0,
          attempt: 1,
          since: clock,
        }),
      );

      const rest = new RecordingTwilioClient();
      const survivor = replica(rest);
      clock += PLACE_GRACE_SECONDS * 1000;
      await survivor.sweep();
      await survivor.idle();
      // Ana's phone never rang: she is dialled again, not skipped.
      expect(rest.placedLegs()).toEqual(['+14155550101']);
      expect((await flow()).leg).toMatchObject({ attempt: 2, sid: 'CL1' });
      expect(await events()).toContain(
        'Dialling ana again: the first request went unanswered',
      );
    });

    it('starts dialling a queued call nobody started', async () => {
      const rest = new RecordingTwilioClient();
      const handler = replica(rest);
      await handler.answer(call());
      await handler.idle();
      expect(rest.placedLegs()).toHaveLength(1);
      // As if the process stopped right after answering: back to "not started".
      const row = await knex('call_sessions').first();
      const data = JSON.parse(row.data);
      await knex('call_sessions').update({
        data: JSON.stringify({
          ...data,
          flow: {
            ...data.flow,
            tried: [],
            leg: undefined,
            dialStartedAt: undefined,
          },
        }),
        wake_at: clock,
      });
      // Not started, the call had not taken its responder yet.
      await knex('line_responders').delete();
      clock += START_GRACE_SECONDS * 1000 - 1;
      await handler.sweep();
      await handler.idle();
      expect(rest.placedLegs()).toHaveLength(1);
      clock += 1;
      await handler.sweep();
      await handler.idle();
      expect(rest.placedLegs()).toEqual(['+14155550101', '+14155550101']);
    });

    it('waits out the delay of a later tier, and any replica rings it on time', async () => {
      const rest = new RecordingTwilioClient();
      const first = replica(rest);
      const started = clock;
      await first.answer(call());
      await first.idle();
      await first.legEnded('CA1', 0, 'CL1', 'no-answer');
      await first.idle();
      await first.legEnded('CA1', 1, 'CL2', 'busy');
      await first.idle();
      expect(rest.placedLegs()).toEqual(['+14155550101', '+14155550103']);
      expect((await flow()).waitingUntil).toBe(started + 5 * 60_000);
      expect(Number((await knex('call_sessions').first()).wake_at)).toBe(
        started + 5 * 60_000,
      );

      // The replica that was waiting stops; another one's sweep rings Dave.
      first.stop();
      const second = replica(rest);
      clock = started + 5 * 60_000 - 1;
      await second.sweep();
      await second.idle();
      expect(rest.placedLegs()).toHaveLength(2);
      clock += 1;
      await Promise.all([second.sweep(), replica(rest).sweep()]);
      await Promise.all(handlers.map(h => h.idle()));
      expect(rest.placedLegs()).toEqual([
        '+14155550101',
        '+14155550103',
        '+14155550104',
      ]);
      expect(await events()).toContain(
        'Waiting until 5 min into the call to dial dave (on call)',
      );
    });

    it('keeps to the outbound rate across calls, queueing legs rather than failing', async () => {
      const rest = new RecordingTwilioClient();
      const placedAt: number[] = [];
      const handler = replica(
        {
          request: opts => {
            if (opts.uri.endsWith('/Calls.json')) placedAt.push(Date.now());
            return rest.request(opts);
          },
        },
        2,
      );
      await Promise.all(
        ['CA1', 'CA2', 'CA3'].map(callSid =>
          handler.answer({ ...call(), callSid }),
        ),
      );
      await handler.idle();
      // Ana rings for one caller, Carol for the next: a responder is in one
      // leg at a time, so the third caller waits in line for them (Dave's
      // tier is 5 minutes away).
      expect([...rest.placedLegs()].sort()).toEqual([
        '+14155550101',
        '+14155550103',
      ]);
      // Two calls a second: the second leg waited its turn.
      expect(placedAt[1] - placedAt[0]).toBeGreaterThanOrEqual(450);
      const flows = (await knex('call_sessions')).map(
        row => JSON.parse(row.data).flow,
      );
      expect(flows.filter(f => f.leg?.sid)).toHaveLength(2);
      expect(flows.find(f => !f.leg)).toMatchObject({
        state: 'queued',
        waitingFor: expect.arrayContaining([
          'user:default/ana',
          'user:default/carol',
        ]),
      });
    });
  },
);
