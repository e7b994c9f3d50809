import { mockServices } from '@backstage/backend-test-utils';
import type { RoutingSnapshot } from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import { createTestDatabases } from '../../__testUtils__/databases';
import { savePlatformIntegration } from '../../__testUtils__/platformIntegration';
import { AlertStore } from '../../database/AlertStore';
import { IntegrationStore } from '../../database/IntegrationStore';
import { applyMigrations } from '../../database/migrations';
import { NotificationStore } from '../../database/NotificationStore';
import { notificationKey } from '../../domain/notifications/planNotifications';
import type {
  NotificationChannel,
  NotificationDelivery,
} from './NotificationChannel';
import { NotificationDispatcher } from './NotificationDispatcher';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ANA = 'user:default/ana';

const snapshot = {
  users: new Map([
    [
      ANA,
      {
        ref: ANA,
        displayName: 'Ana',
        email: 'ana@example.com',
        contactMethods: ['backstage', 'email'],
        memberOf: ['group:default/platform'],
      },
    ],
  ]),
  teams: new Map([
    [
      'group:default/platform',
      {
        ref: 'group:default/platform',
        displayName: 'Platform',
        members: [ANA],
      },
    ],
  ]),
  schedules: new Map(),
  escalations: new Map(),
} as RoutingSnapshot;

/** A channel that fails as often as it is told to, then takes what it is sent. */
function flakyChannel(failures: number) {
  const sent: NotificationDelivery[] = [];
  let left = failures;
  const channel: NotificationChannel = {
    method: 'backstage',
    async send(delivery) {
      if (left-- > 0) throw new Error('the inbox is down');
      sent.push(delivery);
    },
  };
  return { channel, sent };
}

describe.each(databases.eachSupportedId())(
  'NotificationDispatcher on %s',
  id => {
    let knex: Knex;
    let now: number;
    let alertId: string;
    let store: NotificationStore;

    beforeEach(async () => {
      knex = await databases.init(id);
      await applyMigrations(knex);
      now = Date.parse('2026-12-12T10:00:00Z');
      await savePlatformIntegration(knex);
      const integration = (await new IntegrationStore(knex, {
        now: () => now,
      }).getByTeam('group:default/platform'))!;
      alertId = (
        await new AlertStore(knex).create({
          teamRef: 'group:default/platform',
          integrationId: integration.id,
          callerNumber: '+4930555000',
          dialledNumber: '+14155550100',
          priority: 'P2',
          tags: ['vip'],
          at: new Date(now),
        })
      ).id;
      store = new NotificationStore(knex);
    });

    const dispatcher = (channels: NotificationChannel[]) =>
      new NotificationDispatcher({
        store,
        alerts: new AlertStore(knex),
        integrations: new IntegrationStore(knex, { now: () => now }),
        catalog: { snapshot: async () => snapshot },
        channels,
        alertLink: async a =>
          `https://backstage.example.com/incoming-calls/alerts/${a}`,
        clock: { now: () => now },
        logger: mockServices.logger.mock(),
        tuning: {
          batchSize: 10,
          maxAttempts: 3,
          retrySeconds: 30,
          leaseSeconds: 60,
        },
      });
    const enqueue = (method: 'backstage' | 'sms' = 'backstage') =>
      store.enqueue(
        [
          {
            key: notificationKey(alertId, 0, ANA, method),
            alertId,
            step: 0,
            userRef: ANA,
            method,
            reason: 'incoming-call',
            dueAt: now,
          },
        ],
        now,
      );
    const outbox = () =>
      knex('notification_outbox').first('state', 'attempts', 'error');
    const timeline = () =>
      knex('alert_events').where({ alert_id: alertId }).pluck('message');

    it('sends what the channel needs: the alert, its link and the user', async () => {
      const { channel, sent } = flakyChannel(0);
      await enqueue();
      await dispatcher([channel]).dispatchDue();
      expect(sent).toEqual([
        {
          key: notificationKey(alertId, 0, ANA, 'backstage'),
          reason: 'incoming-call',
          alert: {
            id: alertId,
            teamRef: 'group:default/platform',
            teamTitle: 'Platform',
            integrationName: 'Platform hotline',
            callerNumber: '+4930555000',
            priority: 'P2',
            tags: ['vip'],
            link: `https://backstage.example.com/incoming-calls/alerts/${alertId}`,
          },
          user: { ref: ANA, displayName: 'Ana', email: 'ana@example.com' },
        },
      ]);
      expect(await outbox()).toMatchObject({ state: 'sent', attempts: 1 });
      expect(await timeline()).toEqual(['Notified Ana in Backstage']);
      // The API's timeline says who, by which method, and how it went.
      const { events } = (await new AlertStore(knex).getWithTimeline(alertId))!;
      expect(events).toEqual([
        expect.objectContaining({
          type: 'notification-sent',
          userRef: ANA,
          notification: { method: 'backstage', outcome: 'sent' },
        }),
      ]);
    });

    it('retries a failed send with backoff, and notes only the outcome', async () => {
      const { channel, sent } = flakyChannel(2);
      const d = dispatcher([channel]);
      await enqueue();
      await d.dispatchDue();
      expect(await outbox()).toMatchObject({
        state: 'pending',
        attempts: 1,
        error: 'the inbox is down',
      });
      now += 29_000;
      await d.dispatchDue();
      expect(sent).toEqual([]);
      now += 1_000;
      await d.dispatchDue();
      // The second retry waits twice as long.
      now += 59_000;
      await d.dispatchDue();
      expect(sent).toEqual([]);
      now += 1_000;
      await d.dispatchDue();
      expect(sent).toHaveLength(1);
      expect(await outbox()).toMatchObject({ state: 'sent', attempts: 3 });
      expect(await timeline()).toEqual(['Notified Ana in Backstage']);
    });

    it('fails for good after the last attempt, with the error on the timeline', async () => {
      const { channel } = flakyChannel(10);
      const d = dispatcher([channel]);
      await enqueue();
      for (const wait of [0, 30_000, 60_000]) {
        now += wait;
        await d.dispatchDue();
      }
      expect(await outbox()).toMatchObject({
        state: 'failed',
        attempts: 3,
        error: 'the inbox is down',
      });
      expect(await timeline()).toEqual([
        'Could not notify Ana in Backstage: the inbox is down',
      ]);
      const { events } = (await new AlertStore(knex).getWithTimeline(alertId))!;
      expect(events.map(e => e.notification)).toEqual([
        { method: 'backstage', outcome: 'failed', error: 'the inbox is down' },
      ]);
      now += 3_600_000;
      await d.dispatchDue();
      expect(await timeline()).toHaveLength(1);
    });

    it('fails at once by a method this backend has no channel for', async () => {
      await enqueue('sms');
      await dispatcher([flakyChannel(0).channel]).dispatchDue();
      expect(await outbox()).toMatchObject({ state: 'failed', attempts: 1 });
      expect(await timeline()).toEqual([
        'Could not notify Ana by SMS: this backend has no sms channel',
      ]);
    });

    it.each([
      ['acknowledged', { status: 'acknowledged' }],
      ['closed', { status: 'closed' }],
      ['answered', { outcome: 'answered' }],
      ['abandoned', { outcome: 'abandoned' }],
    ])(
      'cancels instead of sending once the alert is %s (on any replica)',
      async (_, change) => {
        const { channel, sent } = flakyChannel(0);
        await enqueue();
        await knex('alerts').where({ id: alertId }).update(change);
        await dispatcher([channel]).dispatchDue();
        expect(sent).toEqual([]);
        expect(await outbox()).toMatchObject({ state: 'cancelled' });
        expect(await timeline()).toEqual([]);
      },
    );
  },
);
