import { mockServices } from '@backstage/backend-test-utils';
import type { RoutingSnapshot } from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import { createTestDatabases } from '../../__testUtils__/databases';
import { savePlatformIntegration } from '../../__testUtils__/platformIntegration';
import { ForwardingOutbox } from '../../database/ForwardingOutbox';
import { IntegrationStore } from '../../database/IntegrationStore';
import { applyMigrations } from '../../database/migrations';
import { AlertForwarder, retryDelayMs } from './AlertForwarder';
import type { ForwardingSender } from './ForwardingSender';

const databases = createTestDatabases();

describe('retryDelayMs', () => {
  it('doubles from the first wait up to the cap', () => {
    const settings = { initialBackoffMs: 10_000, maxBackoffMs: 60_000 };
    expect([1, 2, 3, 4, 5].map(n => retryDelayMs(n, settings))).toEqual([
      10_000, 20_000, 40_000, 60_000, 60_000,
    ]);
  });
});

describe.each(databases.eachSupportedId())(
  'the forwarder reading alert_events on %s',
  id => {
    let knex: Knex;
    let now: number;
    let forwarder: AlertForwarder;
    const sent: string[] = [];

    beforeEach(async () => {
      knex = await databases.init(id);
      await applyMigrations(knex);
      await savePlatformIntegration(knex);
      const integration = await knex('integrations').first('id');
      await knex('alerts').insert({
        id: 'alert-1',
        team_ref: 'group:default/platform',
        integration_id: integration.id,
        caller_number: '+4930555000',
        dialled_number: '+14155550100',
        status: 'open',
        priority: 'P3',
        tags: '[]',
        outcome: 'pending',
        responder_refs: '[]',
        created_at: 0,
        updated_at: 0,
      });
      now = 1_000_000;
      sent.length = 0;
      const clock = { now: () => now };
      forwarder = new AlertForwarder({
        outbox: new ForwardingOutbox(knex),
        integrations: new IntegrationStore(knex, clock),
        catalog: {
          snapshot: async () =>
            ({ teams: new Map() } as unknown as RoutingSnapshot),
        },
        sender: {
          send: async (_target: unknown, payload: string) => {
            sent.push(JSON.parse(payload).event.id);
          },
        } as unknown as ForwardingSender,
        settings: {
          pollIntervalSeconds: 5,
          maxAttempts: 3,
          initialBackoffMs: 0,
          maxBackoffMs: 0,
          requestTimeoutMs: 1000,
          appBaseUrl: 'https://backstage.example.com',
        },
        logger: mockServices.logger.mock(),
        clock,
      });
    });

    /** A note with this seq, as a transaction that commits late would leave it. */
    const note = (seq: number) =>
      knex('alert_events').insert({
        seq,
        id: `event-${seq}`,
        alert_id: 'alert-1',
        type: 'note',
        at: seq,
        message: `Note ${seq}`,
      });
    const cursor = async () =>
      Number((await knex('forwarding_cursor').first('last_seq')).last_seq);

    it('sends events after a hole at once, and the hole once it is filled', async () => {
      await note(1);
      await note(3);
      await forwarder.run();
      expect(sent).toEqual(['event-1', 'event-3']);
      expect(await cursor()).toBe(1);

      await note(2);
      await forwarder.run();
      expect(sent).toEqual(['event-1', 'event-3', 'event-2']);
      expect(await cursor()).toBe(3);
      await forwarder.run();
      expect(sent).toHaveLength(3);
    });

    it('moves past a hole nobody fills (a rolled-back insert) after 30 s', async () => {
      await note(1);
      await note(3);
      await forwarder.run();
      now += 29_000;
      await forwarder.run();
      expect(await cursor()).toBe(1);
      now += 2_000;
      await forwarder.run();
      expect(await cursor()).toBe(3);
      expect(sent).toEqual(['event-1', 'event-3']);
    });
  },
);
