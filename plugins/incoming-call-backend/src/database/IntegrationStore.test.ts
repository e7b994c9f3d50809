import { ConflictError } from '@backstage/errors';
import {
  defaultIntegrationConfig,
  NO_INTEGRATION_VERSION,
} from '@icr/plugin-incoming-call-common';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  IntegrationStore,
  StaleIntegrationVersionError,
} from './IntegrationStore';
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

  describe('versions', () => {
    const teamRef = 'group:default/platform';

    it('counts saves from 1, and reads the version back', async () => {
      const { store } = await createStore();
      const first = await store.save({
        teamRef,
        config: config(),
        updatedBy: 'user:default/ana',
        editedVersion: NO_INTEGRATION_VERSION,
      });
      expect(first.version).toBe(1);
      const second = await store.save({
        teamRef,
        config: config(),
        updatedBy: 'user:default/ana',
        editedVersion: 1,
      });
      expect(second.version).toBe(2);
      expect((await store.getByTeam(teamRef))?.version).toBe(2);
      // A save that names no version overwrites, and still counts.
      const unchecked = await store.save({
        teamRef,
        config: config(),
        updatedBy: 'user:default/ana',
      });
      expect(unchecked.version).toBe(3);
    });

    it('refuses a stale version with who saved since and when, and writes nothing', async () => {
      const { store } = await createStore();
      await store.save({
        teamRef,
        config: config(['+14155550100']),
        updatedBy: 'user:default/ana',
        editedVersion: NO_INTEGRATION_VERSION,
      });
      const carols = await store.save({
        teamRef,
        config: config(['+14155550111']),
        updatedBy: 'user:default/carol',
        editedVersion: 1,
        now: new Date('2026-01-02T10:00:00Z'),
      });

      const stale = store.save({
        teamRef,
        config: config(['+14155550122']),
        updatedBy: 'user:default/ana',
        editedVersion: 1,
      });
      await expect(stale).rejects.toThrow(StaleIntegrationVersionError);
      await expect(stale).rejects.toMatchObject({
        name: 'ConflictError',
        change: {
          version: 2,
          updatedBy: 'user:default/carol',
          updatedAt: '2026-01-02T10:00:00.000Z',
        },
      });
      expect(await store.getByTeam(teamRef)).toEqual(carols);
    });

    it('refuses a second creation of the same team', async () => {
      const { store } = await createStore();
      await store.save({
        teamRef,
        config: config(),
        updatedBy: 'user:default/ana',
        editedVersion: NO_INTEGRATION_VERSION,
      });
      await expect(
        store.save({
          teamRef,
          config: config(),
          updatedBy: 'user:default/carol',
          editedVersion: NO_INTEGRATION_VERSION,
        }),
      ).rejects.toMatchObject({ change: { version: 1 } });
    });

    it.each([
      ['of a new integration', NO_INTEGRATION_VERSION],
      ['of a stored version', 1],
    ])('lets exactly one of two saves %s through', async (_, editedVersion) => {
      const { store } = await createStore();
      if (editedVersion !== NO_INTEGRATION_VERSION) {
        await store.save({
          teamRef,
          config: config(),
          updatedBy: 'user:default/ana',
          editedVersion: NO_INTEGRATION_VERSION,
        });
      }
      const results = await Promise.allSettled(
        ['user:default/ana', 'user:default/carol'].map(updatedBy =>
          store.save({
            teamRef,
            config: config(),
            updatedBy,
            editedVersion,
          }),
        ),
      );
      expect(results.map(r => r.status).sort()).toEqual([
        'fulfilled',
        'rejected',
      ]);
      const refused = results.find(r => r.status === 'rejected');
      expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(
        StaleIntegrationVersionError,
      );
      expect((await store.getByTeam(teamRef))?.version).toBe(editedVersion + 1);
    });
  });
});
