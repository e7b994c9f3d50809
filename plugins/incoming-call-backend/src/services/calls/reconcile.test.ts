import { mockServices } from '@backstage/backend-test-utils';
import { LineStore } from '../../database/LineStore';
import type { DialPlan } from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import twilio from 'twilio';
import { createTestDatabases } from '../../__testUtils__/databases';
import { eventually } from '../../__testUtils__/eventually';
import { savePlatformIntegration } from '../../__testUtils__/platformIntegration';
import { RecordingTwilioClient } from '../../__testUtils__/RecordingTwilioClient';
import { AlertStore } from '../../database/AlertStore';
import { ArrivalStore } from '../../database/ArrivalStore';
import { CallStore } from '../../database/CallStore';
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
import { CallService } from './CallService';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const BASE = 'https://calls.example.com/api/incoming-call/webhooks';
const plan: DialPlan = {
  tiers: [
    {
      pass: 0,
      delayMinutes: 0,
      users: [
        {
          userRef: 'user:default/ana',
          displayName: 'ana',
          phone: '+14155550101',
          reason: 'on call',
        },
      ],
    },
  ],
  skipped: [],
  voicemailOnly: false,
};

/**
 * Issue 15's reconciliation with Twilio, on the call service with a clock
 * the tests move: a hang-up reported before the call is stored, a caller
 * who left the queue (`<Enqueue action>`), a caller Twilio says is gone
 * though nothing reported it, and the outbound slots of calls that ended.
 */
describe.each(databases.eachSupportedId())('Reconciling calls on %s', id => {
  let knex: Knex;
  /** The service's clock (ms), moved on by the tests. */
  let clock: number;
  let services: CallService[] = [];
  /** What Twilio says of the caller's call when asked (GET /Calls/{sid}). */
  let callerStatus: Record<string, { status: string; duration?: string }>;

  function service(rest: RecordingTwilioClient, callsPerSecond = 100) {
    const now = { now: () => clock };
    const integrations = new IntegrationStore(knex, now);
    const overrides = new OverrideStore(knex, now);
    const urls = async () =>
      new TwilioUrls({ webhooks: BASE, audio: a => `media/${a}` });
    const http = {
      request: async (opts: {
        method: string;
        uri: string;
        data?: Record<string, unknown>;
      }) => {
        const answer = await rest.request(opts);
        const sid = /\/Calls\/([^/]+)\.json$/.exec(opts.uri)?.[1];
        if (opts.method.toUpperCase() === 'GET' && sid) {
          const known = callerStatus[sid];
          return known
            ? { ...answer, body: JSON.stringify({ sid, ...known }) }
            : {
                statusCode: 404,
                body: JSON.stringify({ code: 20404, message: 'Not found' }),
                headers: {},
              };
        }
        return answer;
      },
    };
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
        twilio('AC123', 'token', { httpClient: http as never }),
        urls,
      ),
      limiter: new OutboundCallLimiter(knex, 'AC123', callsPerSecond),
      urls,
      logger: mockServices.logger.mock(),
      clock: now,
      reconcileAfterSeconds: 300,
    });
    services.push(handler);
    return handler;
  }

  beforeEach(async () => {
    clock = Date.now();
    callerStatus = {};
    knex = await databases.init(id);
    await applyMigrations(knex);
    await savePlatformIntegration(knex, {
      recipients: ['group:default/platform'],
    });
  });
  afterEach(() => {
    services.forEach(s => s.stop());
    services = [];
  });

  const call = (callSid = 'CA1') => ({
    callSid,
    from: '+4930555000',
    to: '+14155550100',
    at: new Date(clock),
  });
  const alertOf = async (callSid = 'CA1') => {
    const { alert_id } = await knex('call_sessions')
      .where({ call_sid: callSid })
      .first();
    return knex('alerts').where({ id: alert_id }).first();
  };
  const stateOf = async (callSid = 'CA1') =>
    (await knex('call_sessions').where({ call_sid: callSid }).first()).state;
  const legsFor = (rest: RecordingTwilioClient, callSid: string) =>
    rest.requests.filter(
      r =>
        r.path === '/Calls.json' &&
        String(r.data.Url).includes(`call=${callSid}&`),
    );

  it('keeps a hang-up that came before the call was stored, and dials nobody', async () => {
    const rest = new RecordingTwilioClient();
    const handler = service(rest);

    // The caller's `completed` status callback wins the race with /voice.
    await handler.callerEnded('CA1', 3, 'completed');
    await handler.answer(call());
    await handler.idle();

    expect(rest.placedLegs()).toEqual([]);
    expect(await stateOf()).toBe('ended');
    expect(await alertOf()).toMatchObject({
      status: 'closed',
      outcome: 'abandoned',
    });
  });

  it('ends the call when the caller leaves the queue, without a status callback', async () => {
    const rest = new RecordingTwilioClient();
    const handler = service(rest);
    await handler.answer(call());
    await eventually(async () => expect(rest.placedLegs()).toHaveLength(1));
    await eventually(async () =>
      expect(
        JSON.parse((await knex('call_sessions').first()).data).flow.leg.sid,
      ).toBe('CL1'),
    );

    // Redirected out of the queue (to the voicemail): the call goes on.
    await handler.callerLeftQueue('CA1', 'redirected');
    expect(await stateOf()).toBe('queued');

    const twiml = await handler.callerLeftQueue('CA1', 'hangup');
    await handler.idle();
    expect(twiml).toContain('<Hangup/>');
    expect(await stateOf()).toBe('ended');
    expect(await alertOf()).toMatchObject({
      status: 'closed',
      outcome: 'abandoned',
    });
    // Ana's phone stops ringing.
    expect(rest.requests.at(-1)).toMatchObject({
      path: '/Calls/CL1.json',
      data: { Status: 'canceled' },
    });
  });

  it('asks Twilio about a caller not heard of for longer than the bound, and ends the call of one who is gone', async () => {
    const rest = new RecordingTwilioClient();
    const handler = service(rest);
    await handler.answer(call());
    await eventually(async () =>
      expect(
        JSON.parse((await knex('call_sessions').first()).data).flow.leg?.sid,
      ).toBe('CL1'),
    );
    // Ana takes the call; the end of it is never reported.
    await handler.responderAnswered('CA1', 0, 'CL1');
    await handler.responderConfirmed('CA1', 0, 'CL1', '1');
    expect(await stateOf()).toBe('connected');
    const fetches = () =>
      rest.requests.filter(
        r => r.method === 'GET' && r.path === '/Calls/CA1.json',
      );

    // Within the bound nobody asks.
    clock += 299_000;
    await handler.sweep();
    expect(fetches()).toHaveLength(0);

    // Past it, Twilio says the caller is still there: asked once per bound.
    callerStatus.CA1 = { status: 'in-progress' };
    clock += 2_000;
    await handler.sweep();
    await handler.idle();
    expect(fetches()).toHaveLength(1);
    expect(await stateOf()).not.toBe('ended');
    await handler.sweep();
    expect(fetches()).toHaveLength(1);

    // Later the caller is gone, though no status callback said so.
    callerStatus.CA1 = { status: 'completed', duration: '42' };
    clock += 301_000;
    await handler.sweep();
    await handler.idle();
    expect(fetches()).toHaveLength(2);
    expect(await stateOf()).toBe('ended');
    expect(await alertOf()).toMatchObject({
      status: 'closed',
      outcome: 'answered',
      duration_seconds: 42,
    });
  });

  it('ends the call of a queued caller Twilio knows nothing of: the leg is cancelled, the alert closed as abandoned', async () => {
    const rest = new RecordingTwilioClient();
    const handler = service(rest);
    await handler.answer(call());
    await handler.idle();
    await eventually(async () =>
      expect(
        JSON.parse((await knex('call_sessions').first()).data).flow.leg?.sid,
      ).toBe('CL1'),
    );
    clock += 301_000;
    await handler.sweep();
    await handler.idle();
    expect(await stateOf()).toBe('ended');
    expect(await alertOf()).toMatchObject({
      status: 'closed',
      outcome: 'abandoned',
    });
    // Ana's phone stops ringing.
    expect(rest.requests.at(-1)).toMatchObject({
      path: '/Calls/CL1.json',
      data: { Status: 'canceled' },
    });
  });

  it('200 calls hung up at once, then a new call: its first leg is not held up behind them', async () => {
    const rest = new RecordingTwilioClient();
    // Twilio's default rate: one call a second.
    const handler = service(rest, 1);
    const gone = Array.from({ length: 200 }, (_, i) => `CAgone${i}`);
    await Promise.all(gone.map(sid => handler.answer(call(sid))));
    // All 200 in the line; a slot only for each responder rung, who is
    // busy: the others wait in line, not for slots.
    await eventually(async () => {
      expect(Number((await knex('line_entries').count({ n: '*' }))[0].n)).toBe(
        200,
      );
      const busy = await knex('line_responders').whereNotNull('call_sid');
      expect(busy.length).toBeGreaterThan(0);
      expect(
        Number(
          (await knex('outbound_call_reservations').count({ n: '*' }))[0].n,
        ),
      ).toBe(busy.length);
    });

    // All hang up within 10 s.
    const start = clock;
    await Promise.all(
      gone.map((sid, i) => {
        clock = start + Math.floor((i * 10_000) / gone.length);
        return handler.callerEnded(sid, 1, 'completed');
      }),
    );
    clock = start + 10_000;
    await eventually(async () =>
      expect(
        Number(
          (
            await knex('call_sessions')
              .whereNot('state', 'ended')
              .count({ n: '*' })
          )[0].n,
        ),
      ).toBe(0),
    );

    // The hang-ups gave their slots back (in the background).
    await eventually(async () =>
      expect(
        Number(
          (
            await knex('outbound_call_reservations')
              .where('slot_at', '>', (clock + 1000) * 1000)
              .count({ n: '*' })
          )[0].n,
        ),
      ).toBe(0),
    );

    await handler.answer(call('CAnew'));
    // The limiter's clock: the new call's slot is within a second of now.
    await eventually(async () => {
      const held = await knex('outbound_call_reservations').where({
        call_sid: 'CAnew',
      });
      expect(held).toHaveLength(1);
      expect(Number(held[0].slot_at)).toBeLessThanOrEqual(
        (clock + 1000) * 1000,
      );
    });
    // And its leg is placed, not left waiting.
    await eventually(async () =>
      expect(legsFor(rest, 'CAnew')).toHaveLength(1),
    );
  });
});
