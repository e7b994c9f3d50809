import { createTestDatabases } from '../../__testUtils__/databases';
import {
  HOTLINE,
  savePlatformIntegration,
} from '../../__testUtils__/platformIntegration';
import { IntegrationStore } from '../../database/IntegrationStore';
import { applyMigrations } from '../../database/migrations';
import { OverrideStore } from '../../database/OverrideStore';
import { RoutingVersionStore } from '../../database/RoutingVersionStore';
import { RoutingCache } from './RoutingCache';
import { systemClock } from '../../lib/clock';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('RoutingCache on %s', id => {
  it('keeps what it read until it is dropped or five minutes old', async () => {
    const knex = await databases.init(id);
    await applyMigrations(knex);
    await savePlatformIntegration(knex);
    let now = Date.now();
    const cache = new RoutingCache({
      routingVersion: new RoutingVersionStore(knex),
      integrations: new IntegrationStore(knex, systemClock),
      overrides: new OverrideStore(knex, systemClock),
      clock: { now: () => now },
    });
    let reads = 0;
    knex.on('query', () => reads++);

    const first = await cache.view([HOTLINE, '+14155559999']);
    expect(first.integrationOf(HOTLINE)?.teamRef).toBe(
      'group:default/platform',
    );
    expect(first.integrationOf('+14155559999')).toBeUndefined();
    // The version, the overrides, the two numbers.
    expect(reads).toBe(3);

    // A saved change moves the version on; the view keeps what it had.
    await savePlatformIntegration(knex, { numbers: [] });
    reads = 0;
    now += 5 * 60_000 - 1;
    const kept = await cache.view([HOTLINE]);
    expect(reads).toBe(0);
    expect(kept.version).toBe(first.version);
    expect(kept.integrationOf(HOTLINE)).toBeDefined();

    now += 1;
    const aged = await cache.view([HOTLINE]);
    expect(aged.version).toBe(first.version + 1);
    expect(aged.integrationOf(HOTLINE)).toBeUndefined();

    cache.invalidate();
    reads = 0;
    await cache.view([HOTLINE]);
    expect(reads).toBe(3);
  });

  it('carries the layer an override takes over to arriving calls', async () => {
    const knex = await databases.init(id);
    await applyMigrations(knex);
    const overrides = new OverrideStore(knex, systemClock);
    const now = Date.now();
    await overrides.create({
      scheduleRef: 'schedule:default/s',
      userRef: 'user:default/ana',
      start: new Date(now - 60_000),
      end: new Date(now + 60 * 60_000),
      createdBy: 'user:default/ana',
      layer: 'Weekend nights',
    });
    const cache = new RoutingCache({
      routingVersion: new RoutingVersionStore(knex),
      integrations: new IntegrationStore(knex, systemClock),
      overrides,
      clock: { now: () => now },
    });
    const view = await cache.view([HOTLINE]);
    expect(view.overrides).toEqual([
      expect.objectContaining({
        scheduleRef: 'schedule:default/s',
        userRef: 'user:default/ana',
        layer: 'Weekend nights',
      }),
    ]);
  });
});

describe('RoutingCache.lastKnown', () => {
  const integration = (number: string) =>
    ({ id: `i-${number}`, teamRef: 'group:default/platform' } as never);
  const fakeStores = () => {
    const state = {
      down: false,
      owned: new Map<string, unknown>([['+1555000001', integration('1')]]),
    };
    const fail = () => Promise.reject(new Error('connect ECONNREFUSED'));
    return {
      state,
      deps: {
        routingVersion: {
          read: () => (state.down ? fail() : Promise.resolve(1)),
        },
        integrations: {
          getByNumbers: (numbers: readonly string[]) =>
            state.down
              ? fail()
              : Promise.resolve(
                  new Map(
                    numbers.flatMap(n =>
                      state.owned.has(n) ? [[n, state.owned.get(n)]] : [],
                    ),
                  ),
                ),
        },
        overrides: {
          inForceDuring: () =>
            state.down ? fail() : Promise.resolve([{ id: 'o1' }]),
        },
        clock: { now: () => 0 },
      } as never,
    };
  };

  it('is the last view read in full, kept through failed reads, without the database', async () => {
    const { state, deps } = fakeStores();
    const cache = new RoutingCache(deps);
    expect(cache.lastKnown()).toBeUndefined();

    await cache.view(['+1555000001', '+1555000009']);
    state.down = true;
    cache.invalidate();
    await expect(cache.view(['+1555000001'])).rejects.toThrow('ECONNREFUSED');

    const known = cache.lastKnown()!;
    expect(known.integrationOf('+1555000001')).toEqual(integration('1'));
    expect(known.integrationOf('+1555000009')).toBeUndefined();
    // A number this replica never looked up is unknown to it.
    expect(known.integrationOf('+1555000002')).toBeUndefined();
    expect(known.overrides).toEqual([{ id: 'o1' }]);
  });

  it('carries numbers of earlier views over, newer lookups first, and copies the live view', async () => {
    const { state, deps } = fakeStores();
    const cache = new RoutingCache(deps);
    await cache.view(['+1555000001']);
    const before = cache.lastKnown()!;

    // A later view: another number, and the first one given up.
    state.owned = new Map([['+1555000002', integration('2')]]);
    cache.invalidate();
    await cache.view(['+1555000002']);
    expect(cache.lastKnown()!.integrationOf('+1555000001')).toEqual(
      integration('1'),
    );
    expect(cache.lastKnown()!.integrationOf('+1555000002')).toEqual(
      integration('2'),
    );
    cache.invalidate();
    await cache.view(['+1555000001']);
    expect(cache.lastKnown()!.integrationOf('+1555000001')).toBeUndefined();
    expect(cache.lastKnown()!.integrationOf('+1555000002')).toEqual(
      integration('2'),
    );
    // What was handed out before does not change under its reader.
    expect(before.integrationOf('+1555000002')).toBeUndefined();
    expect(before.integrationOf('+1555000001')).toEqual(integration('1'));
  });
});
