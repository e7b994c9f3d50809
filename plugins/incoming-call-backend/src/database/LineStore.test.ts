import { createTestDatabases } from '../__testUtils__/databases';
import { storedSession } from '../__testUtils__/storedSession';
import { CallStore } from './CallStore';
import { LineStore } from './LineStore';
import { applyMigrations } from './migrations';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const T0 = 1_000_000;
const TEAM = 'group:default/platform';
const call = (n: number, teamRef = TEAM) => ({
  callSid: `CA${n}`,
  teamRef,
  alertId: `alert-${n}`,
  queuedAt: T0 + n,
});

describe.each(databases.eachSupportedId())('LineStore on %s', id => {
  async function createStore() {
    const knex = await databases.init(id);
    await applyMigrations(knex);
    return { knex, store: new LineStore(knex) };
  }

  /** Calls in progress (or over) for the entries of a test. */
  async function start(
    knex: Awaited<ReturnType<typeof createStore>>['knex'],
    sids: string[],
    state: 'queued' | 'ended' = 'queued',
  ) {
    await new CallStore(knex).startSessions(
      sids.map(callSid => ({
        at: new Date(T0),
        session: storedSession(callSid, { state }),
      })),
    );
  }

  it('keeps each team’s line first come first served, and says where a caller stands', async () => {
    const { store } = await createStore();
    await store.setEntry(call(3), { wants: [] });
    await store.setEntry(call(1), {
      wants: [{ index: 0, userRef: 'user:default/ana' }],
    });
    await store.setEntry(call(2), {
      wants: [],
      legUserRef: 'user:default/bob',
    });
    await store.setEntry(call(4, 'group:default/other'), { wants: [] });

    expect(await store.position('CA1')).toEqual({
      position: 1,
      teamRef: TEAM,
      waiting: 3,
    });
    expect(await store.position('CA3')).toMatchObject({ position: 3 });
    expect(await store.position('CA4')).toMatchObject({
      position: 1,
      waiting: 1,
    });
    expect((await store.list([TEAM])).map(e => e.callSid)).toEqual([
      'CA1',
      'CA2',
      'CA3',
    ]);
    expect((await store.list([TEAM]))[1]).toEqual({
      ...call(2),
      legUserRef: 'user:default/bob',
    });
    expect(await store.list('all')).toHaveLength(4);

    // Moving on keeps the place; leaving the line gives it up.
    await store.setEntry(call(1), { wants: [] });
    expect(await store.position('CA1')).toMatchObject({ position: 1 });
    await store.setEntry(call(1), undefined);
    expect(await store.position('CA1')).toBeUndefined();
    expect(await store.position('CA3')).toMatchObject({
      position: 2,
      waiting: 2,
    });

    // Many calls' places in one go, across teams; those not in a line left out.
    expect(await store.positions(['CA4', 'CA3', 'CA1', 'CA2'])).toEqual(
      new Map([
        ['CA2', { position: 1, teamRef: TEAM, waiting: 2 }],
        ['CA3', { position: 2, teamRef: TEAM, waiting: 2 }],
        ['CA4', { position: 1, teamRef: 'group:default/other', waiting: 1 }],
      ]),
    );
    expect(await store.positions([])).toEqual(new Map());
    expect(await store.positions(['CA1'])).toEqual(new Map());
  });

  it('lets one call at a time claim a responder, even when many try at once', async () => {
    const { store } = await createStore();
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.claim('user:default/ana', `CA${i}`, T0),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    const holder = `CA${claims.indexOf(true)}`;
    // Claiming again for the same call is fine; another call is refused.
    expect(await store.claim('user:default/ana', holder, T0 + 1)).toBe(true);
    expect(await store.claim('user:default/ana', 'CAx', T0 + 1)).toBe(false);
    // A release by a call that does not hold her changes nothing.
    expect(await store.release('user:default/ana', 'CAx')).toBe(false);
    expect((await store.snapshot(T0)).busy).toEqual(
      new Set(['user:default/ana']),
    );
    expect(await store.release('user:default/ana', holder)).toBe(true);
    expect((await store.snapshot(T0)).busy).toEqual(new Set());
    expect(await store.responders()).toEqual([]);
  });

  it('moves a responder to the caller they chose, and frees them when that leg ends', async () => {
    const { store } = await createStore();
    await store.claim('user:default/ana', 'CA1', T0);
    expect(
      await store.claim('user:default/ana', 'CA2', T0 + 1, {
        force: true,
        legSid: 'LA',
      }),
    ).toBe(true);
    expect(await store.responders()).toEqual([
      {
        userRef: 'user:default/ana',
        callSid: 'CA2',
        legSid: 'LA',
        busySince: T0 + 1,
      },
    ]);
    // The first call's late release does not free her from the second.
    expect(await store.release('user:default/ana', 'CA1')).toBe(false);
    expect(await store.releaseLeg('LB')).toBeUndefined();
    expect(await store.releaseLeg('LA')).toBe('user:default/ana');
    expect(await store.responders()).toEqual([]);
  });

  it('keeps a responder away from the line until they take calls again, busy or not', async () => {
    const { store } = await createStore();
    await store.setAway('user:default/bob', T0 + 60_000);
    expect((await store.snapshot(T0)).away).toEqual(
      new Set(['user:default/bob']),
    );
    expect((await store.snapshot(T0 + 60_000)).away).toEqual(new Set());
    await store.claim('user:default/bob', 'CA1', T0);
    await store.release('user:default/bob', 'CA1');
    expect(await store.responders()).toEqual([
      { userRef: 'user:default/bob', awayUntil: T0 + 60_000 },
    ]);
    await store.setAway('user:default/bob', undefined);
    expect(await store.responders()).toEqual([]);
  });

  it('lists the seeking callers in line order with what they want, not those of calls that are over', async () => {
    const { knex, store } = await createStore();
    await start(knex, ['CA1', 'CA2', 'CA3']);
    await start(knex, ['CA4'], 'ended');
    // Joined as it ended: seeks nobody, and the sweep forgets it.
    await store.join(call(4), {
      wants: [{ index: 0, userRef: 'user:default/ana' }],
    });
    await store.setEntry(call(2), {
      wants: [{ index: 1, userRef: 'user:default/bob' }],
    });
    await store.setEntry(call(1), {
      wants: [{ index: 0, userRef: 'user:default/ana' }],
    });
    await store.setEntry(call(3), { wants: [] });
    expect((await store.snapshot(T0)).seeking).toEqual([
      { callSid: 'CA1', wants: [{ index: 0, userRef: 'user:default/ana' }] },
      { callSid: 'CA2', wants: [{ index: 1, userRef: 'user:default/bob' }] },
    ]);
    expect(await store.forgetEnded()).toBe(1);
    expect((await store.list('all')).map(e => e.callSid)).toEqual([
      'CA1',
      'CA2',
      'CA3',
    ]);
    // Joining again when in the line already changes nothing.
    await store.join(call(1), { wants: [] });
    expect((await store.snapshot(T0)).seeking[0].callSid).toBe('CA1');
  });

  it('lists only the seeking callers ahead of a call, or those who may ring one responder', async () => {
    const { knex, store } = await createStore();
    await start(knex, ['CA1', 'CA2', 'CA3', 'CA4', 'CA5']);
    const ana = { index: 0, userRef: 'user:default/ana' };
    // LIKE's `_` would match any character here: the wants decide.
    const bob = { index: 1, userRef: 'user:default/b_b' };
    await store.setEntry(call(1), { wants: [ana] });
    await store.setEntry(call(2), {
      wants: [{ index: 1, userRef: 'user:default/bob' }],
    });
    await store.setEntry(call(3), { wants: [ana, bob] });
    await store.setEntry(call(4), { wants: [bob] });
    const sids = (callers: { callSid: string }[]) =>
      callers.map(c => c.callSid);
    expect(sids(await store.seeking({ aheadOf: 'CA3' }))).toEqual([
      'CA1',
      'CA2',
    ]);
    expect(sids(await store.seeking({ aheadOf: 'CA1' }))).toEqual([]);
    // Not in the line: everyone seeking is ahead of it.
    expect(sids(await store.seeking({ aheadOf: 'CA5' }))).toEqual([
      'CA1',
      'CA2',
      'CA3',
      'CA4',
    ]);
    expect(sids(await store.seeking({ wanting: 'user:default/b_b' }))).toEqual([
      'CA3',
      'CA4',
    ]);
    expect(sids(await store.seeking({ wanting: 'user:default/ana' }))).toEqual([
      'CA1',
      'CA3',
    ]);
  });
});
