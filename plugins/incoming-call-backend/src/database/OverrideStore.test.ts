import { createTestDatabases } from '../__testUtils__/databases';
import { applyMigrations } from './migrations';
import { OverrideStore } from './OverrideStore';
import { systemClock } from '../lib/clock';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('OverrideStore on %s', id => {
  async function createStore() {
    const knex = await databases.init(id);
    await applyMigrations(knex);
    return new OverrideStore(knex, systemClock);
  }

  const tue18 = new Date('2026-03-10T18:00:00Z');
  const wed09 = new Date('2026-03-11T09:00:00Z');

  it('finds the overrides in force at an instant, newest first', async () => {
    const store = await createStore();
    await store.create({
      scheduleRef: 'schedule:default/s',
      userRef: 'user:default/ana',
      start: tue18,
      end: wed09,
      createdBy: 'user:default/ana',
    });
    await new Promise(r => setTimeout(r, 5));
    await store.create({
      scheduleRef: 'schedule:default/s',
      userRef: 'user:default/bob',
      start: tue18,
      end: wed09,
      createdBy: 'user:default/bob',
    });

    expect(await store.inForceAt(new Date('2026-03-10T17:59:59Z'))).toEqual([]);
    expect((await store.inForceAt(tue18)).map(o => o.userRef)).toEqual([
      'user:default/bob',
      'user:default/ana',
    ]);
    expect(await store.inForceAt(wed09)).toEqual([]);
  });

  it('lists a schedule overrides that have not ended, and deletes one', async () => {
    const store = await createStore();
    const past = await store.create({
      scheduleRef: 'schedule:default/s',
      userRef: 'user:default/ana',
      start: new Date('2026-01-01T00:00:00Z'),
      end: new Date('2026-01-02T00:00:00Z'),
      createdBy: 'user:default/ana',
    });
    const coming = await store.create({
      scheduleRef: 'schedule:default/s',
      userRef: 'user:default/ana',
      start: tue18,
      end: wed09,
      createdBy: 'user:default/ana',
    });
    await store.create({
      scheduleRef: 'schedule:default/other',
      userRef: 'user:default/ana',
      start: tue18,
      end: wed09,
      createdBy: 'user:default/ana',
    });

    const now = new Date('2026-03-01T00:00:00Z');
    expect(await store.listCurrent('schedule:default/s', now)).toEqual([
      coming,
    ]);
    expect(coming).toMatchObject({
      start: '2026-03-10T18:00:00.000Z',
      end: '2026-03-11T09:00:00.000Z',
    });

    expect(await store.delete('schedule:default/other', coming.id)).toBe(false);
    expect(await store.delete('schedule:default/s', coming.id)).toBe(true);
    expect(await store.listCurrent('schedule:default/s', now)).toEqual([]);
    expect(past.id).toBeDefined();
  });

  it('keeps the layer an override takes over, and none for the whole schedule', async () => {
    const store = await createStore();
    const layered = await store.create({
      scheduleRef: 'schedule:default/s',
      userRef: 'user:default/ana',
      start: new Date('2026-03-10T17:00:00Z'),
      end: wed09,
      createdBy: 'user:default/ana',
      layer: 'Weekend nights',
    });
    await new Promise(r => setTimeout(r, 5));
    const whole = await store.create({
      scheduleRef: 'schedule:default/s',
      userRef: 'user:default/bob',
      start: tue18,
      end: wed09,
      createdBy: 'user:default/bob',
    });
    expect(layered.layer).toBe('Weekend nights');
    expect(whole.layer).toBeUndefined();

    const now = new Date('2026-03-01T00:00:00Z');
    const listed = await store.listCurrent('schedule:default/s', now);
    expect(listed.map(o => [o.userRef, o.layer])).toEqual([
      ['user:default/ana', 'Weekend nights'],
      ['user:default/bob', undefined],
    ]);
    expect(listed).toContainEqual(layered);

    const inForce = await store.inForceAt(tue18);
    expect(inForce.map(o => [o.userRef, o.layer])).toEqual([
      ['user:default/bob', undefined],
      ['user:default/ana', 'Weekend nights'],
    ]);
  });
});
