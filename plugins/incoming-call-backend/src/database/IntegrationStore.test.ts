import { ConflictError } from '@backstage/errors';
import { defaultIntegrationConfig } from '@icr/plugin-incoming-call-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { IntegrationStore } from './IntegrationStore';
import { applyMigrations } from './migrations';
import { systemClock } from '../lib/clock';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const config = (numbers: string[] = []) => ({
  ...defaultIntegrationConfig({
    ref: 'group:default/platform',
    title: 'Platform',
  }),
  numbers: numbers.map(number => ({
    number,
    country: 'US',
    source: 'attached' as const,
  })),
});

describe.each(databases.eachSupportedId())('IntegrationStore on %s', id => {
  async function createStore() {
    const knex = await databases.init(id);
    await applyMigrations(knex);
    return { knex, store: new IntegrationStore(knex, systemClock) };
  }

  it('returns nothing for a team without an integration', async () => {
    const { store } = await createStore();
    expect(await store.getByTeam('group:default/platform')).toBeUndefined();
  });

  it('creates, reads back and replaces a team integration', async () => {
    const { store, knex } = await createStore();
    const created = await store.save({
      teamRef: 'group:default/platform',
      config: config(['+14155550100']),
      updatedBy: 'user:default/ana',
      now: new Date('2026-01-01T10:00:00Z'),
    });
    expect(await store.getByTeam('group:default/platform')).toEqual(created);
    expect(created.createdAt).toBe('2026-01-01T10:00:00.000Z');

    const changed = await store.save({
      teamRef: 'group:default/platform',
      config: { ...config(['+14155550111']), usersToTry: 0 },
      updatedBy: 'user:default/carol',
      now: new Date('2026-01-02T10:00:00Z'),
    });
    expect(changed.id).toBe(created.id);
    expect(changed.createdAt).toBe('2026-01-01T10:00:00.000Z');
    expect(changed.updatedAt).toBe('2026-01-02T10:00:00.000Z');
    expect(changed.updatedBy).toBe('user:default/carol');
    expect(changed.config.usersToTry).toBe(0);
    expect(await knex('phone_numbers').pluck('number')).toEqual([
      '+14155550111',
    ]);
  });

  it('refuses a number that routes to another team and writes nothing', async () => {
    const { store, knex } = await createStore();
    await store.save({
      teamRef: 'group:default/platform',
      config: config(['+14155550100']),
      updatedBy: 'user:default/ana',
    });

    await expect(
      store.save({
        teamRef: 'group:default/payments',
        config: config(['+14155550199', '+14155550100']),
        updatedBy: 'user:default/bob',
      }),
    ).rejects.toThrow(
      new ConflictError(
        '+14155550100 already routes to group:default/platform',
      ),
    );
    expect(await store.getByTeam('group:default/payments')).toBeUndefined();
    expect(await knex('phone_numbers').pluck('number')).toEqual([
      '+14155550100',
    ]);
  });
});
