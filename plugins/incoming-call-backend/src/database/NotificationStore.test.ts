import knexFactory, { type Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  notificationKey,
  type PlannedNotification,
} from '../domain/notifications/planNotifications';
import { AlertStore } from './AlertStore';
import { applyMigrations } from './migrations';
import { NotificationStore } from './NotificationStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const NOW = Date.parse('2026-12-12T10:00:00Z');

describe.each(databases.eachSupportedId())('NotificationStore on %s', id => {
  let knex: Knex;
  let alertId: string;
  const connections: Knex[] = [];

  beforeEach(async () => {
    knex = await databases.init(id);
    await applyMigrations(knex);
    alertId = (
      await new AlertStore(knex).create({
        teamRef: 'group:default/platform',
        integrationId: 'integration-1',
        callerNumber: '+4930555000',
        dialledNumber: '+14155550100',
        priority: 'P3',
        tags: [],
        at: new Date(NOW),
      })
    ).id;
  });
  afterEach(async () => {
    await Promise.all(connections.splice(0).map(c => c.destroy()));
  });

  const planned = (count: number, dueAt = NOW): PlannedNotification[] =>
    Array.from({ length: count }, (_, i) => ({
      key: notificationKey(alertId, i, `user:default/u${i}`, 'backstage'),
      alertId,
      step: i,
      userRef: `user:default/u${i}`,
      method: 'backstage',
      reason: 'incoming-call',
      dueAt,
    }));

  /** Another replica's store: on PostgreSQL its own connection pool. */
  const otherReplica = () => {
    if (!id.startsWith('POSTGRES')) return new NotificationStore(knex);
    const own = knexFactory(knex.client.config);
    connections.push(own);
    return new NotificationStore(own);
  };

  it('inserts each key once, however often it is enqueued', async () => {
    const store = new NotificationStore(knex);
    await store.enqueue(planned(3), NOW);
    await Promise.all([
      store.enqueue(planned(3), NOW),
      otherReplica().enqueue(planned(4), NOW),
    ]);
    expect(await knex('notification_outbox').count({ n: '*' })).toEqual([
      { n: id.startsWith('POSTGRES') ? '4' : 4 },
    ]);
  });

  it('claims only due rows, and gives each row to one of two replicas claiming at once', async () => {
    const a = new NotificationStore(knex);
    const b = otherReplica();
    await a.enqueue(planned(40), NOW);
    await a.enqueue(
      [{ ...planned(1)[0], key: 'later', dueAt: NOW + 60_000 }],
      NOW,
    );
    // Both claim at once, round after round, until nothing is left: a
    // claim that lost some rows to the other replica gets fewer.
    const keys: string[] = [];
    for (;;) {
      const claims = await Promise.all(
        [a, b].map(store => store.claimDue(NOW, 15, 60_000)),
      );
      if (claims.flat().length === 0) break;
      keys.push(...claims.flat().map(c => c.key));
    }
    expect(keys).toHaveLength(40);
    expect(new Set(keys).size).toBe(40);
    expect(keys).not.toContain('later');
    expect(await a.claimDue(NOW + 1_000, 50, 60_000)).toEqual([]);
  });

  it('gives a row back once its claim has lapsed (the replica died while sending)', async () => {
    const store = new NotificationStore(knex);
    await store.enqueue(planned(1), NOW);
    const [first] = await store.claimDue(NOW, 10, 60_000);
    expect(first.attempts).toBe(1);
    expect(await store.claimDue(NOW + 59_000, 10, 60_000)).toEqual([]);
    const [again] = await otherReplica().claimDue(NOW + 61_000, 10, 60_000);
    expect(again).toMatchObject({ key: first.key, attempts: 2 });
    // The first claim is lost: it can no longer end the row.
    expect(
      await store.finish(
        first,
        { state: 'sent', event: { message: 'Notified u0 in Backstage' } },
        NOW + 62_000,
      ),
    ).toBe(false);
    expect(
      await store.finish(
        again,
        { state: 'sent', event: { message: 'Notified u0 in Backstage' } },
        NOW + 62_000,
      ),
    ).toBe(true);
    const events = await knex('alert_events').where({ alert_id: alertId });
    expect(events).toEqual([
      expect.objectContaining({
        id: again.id,
        type: 'notification-sent',
        user_ref: 'user:default/u0',
        message: 'Notified u0 in Backstage',
      }),
    ]);
  });

  it('keeps a failed attempt for later with its error, and fails a row for good with its event', async () => {
    const store = new NotificationStore(knex);
    await store.enqueue(planned(1), NOW);
    const [row] = await store.claimDue(NOW, 10, 60_000);
    await store.retryLater(row, NOW + 30_000, 'inbox down', NOW);
    expect(await knex('notification_outbox').first()).toMatchObject({
      state: 'pending',
      error: 'inbox down',
    });
    expect(await store.claimDue(NOW + 29_000, 10, 60_000)).toEqual([]);
    const [retry] = await store.claimDue(NOW + 30_000, 10, 60_000);
    expect(retry.attempts).toBe(2);
    await store.finish(
      retry,
      {
        state: 'failed',
        error: 'inbox down',
        event: { message: 'Could not notify u0 in Backstage: inbox down' },
      },
      NOW + 31_000,
    );
    expect(await knex('notification_outbox').first()).toMatchObject({
      state: 'failed',
      error: 'inbox down',
    });
    expect(await knex('alert_events').pluck('message')).toEqual([
      'Could not notify u0 in Backstage: inbox down',
    ]);
  });

  it("cancels an alert's waiting rows, not the one a replica is sending", async () => {
    const store = new NotificationStore(knex);
    await store.enqueue(planned(2), NOW);
    await store.enqueue(planned(3, NOW + 300_000).slice(2), NOW);
    const [sending] = await store.claimDue(NOW, 1, 60_000);
    expect(await store.cancelPending(alertId, NOW + 1_000)).toBe(2);
    const rows = await knex('notification_outbox')
      .orderBy('step')
      .select('key', 'state');
    expect(rows.map(r => r.state)).toEqual([
      'pending',
      'cancelled',
      'cancelled',
    ]);
    expect(rows[0].key).toBe(sending.key);
    // Its claim lapses like any other: only then is it anyone's again.
    expect(
      (await store.claimDue(NOW + 400_000, 10, 60_000)).map(r => r.key),
    ).toEqual([sending.key]);
  });
});
