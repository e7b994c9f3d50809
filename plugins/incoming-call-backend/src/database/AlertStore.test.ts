import { InputError } from '@backstage/errors';
import { createTestDatabases } from '../__testUtils__/databases';
import type { NewAlert } from '../domain/alerts/newAlert';
import { AlertStore } from './AlertStore';
import { IncidentStore } from './IncidentStore';
import { applyMigrations } from './migrations';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const newAlert = (teamRef: string, at: Date): NewAlert => ({
  teamRef,
  integrationId: 'integration-1',
  callerNumber: '+4930123456',
  dialledNumber: '+14155550100',
  priority: 'P3',
  tags: ['hotline'],
  at,
});

describe.each(databases.eachSupportedId())('AlertStore on %s', id => {
  async function createStore() {
    const knex = await databases.init(id);
    await applyMigrations(knex);
    return new AlertStore(knex);
  }

  it('pages through a team alerts newest first without gaps or repeats', async () => {
    const store = await createStore();
    const base = Date.parse('2026-03-01T00:00:00Z');
    const created = [];
    // Pairs of alerts share a millisecond, so the id must break ties.
    for (let i = 0; i < 7; i++) {
      created.push(
        await store.create(
          newAlert(
            'group:default/platform',
            new Date(base + Math.floor(i / 2) * 1000),
          ),
        ),
      );
    }
    await store.create(
      newAlert('group:default/payments', new Date(base + 10_000)),
    );

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.listByTeam('group:default/platform', {
        limit: 3,
        cursor,
      });
      seen.push(...page.items.map(a => a.id));
      expect(
        page.items.every(a => a.teamRef === 'group:default/platform'),
      ).toBe(true);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);

    expect(pages).toBe(3);
    const expected = [...created]
      .sort(
        (a, b) =>
          b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id),
      )
      .map(a => a.id);
    expect(seen).toEqual(expected);
  });

  it('returns no cursor when the last page is full to the brim', async () => {
    const store = await createStore();
    await store.create(newAlert('group:default/platform', new Date()));
    await store.create(newAlert('group:default/platform', new Date()));
    const page = await store.listByTeam('group:default/platform', { limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBeUndefined();
  });

  it('rejects a cursor it did not make', async () => {
    const store = await createStore();
    await expect(
      store.listByTeam('group:default/platform', {
        limit: 2,
        cursor: 'nonsense',
      }),
    ).rejects.toThrow(InputError);
  });

  it("folds an incident's calls under it, unless the reader may not read the incident", async () => {
    const knex = await databases.init(id);
    await applyMigrations(knex);
    const store = new AlertStore(knex);
    const team = 'group:default/platform';
    const base = Date.parse('2026-03-01T12:00:00Z');
    const calls = [];
    for (let i = 0; i < 3; i++) {
      calls.push(
        await store.create({
          ...newAlert(team, new Date(base + i * 1000)),
          responderRefs: ['user:default/zed'],
        }),
      );
    }
    const elsewhere = await store.create({
      ...newAlert(team, new Date(base + 5000)),
      integrationId: 'integration-2',
    });
    const opened = await new IncidentStore(knex).open({
      integrationId: 'integration-1',
      teamRef: team,
      dialledNumber: '+14155550100',
      title: 'Incident: more than 2 calls in 5 minutes',
      responderRefs: ['user:default/ana'],
      windowMinutes: 5,
      at: new Date(base + 3000),
      priority: 'P3',
      since: base,
    });
    const parentAlertId = opened!.parentAlertId;
    const ids = (page: { items: Array<{ id: string }> }) =>
      page.items.map(a => a.id).sort();

    const members = { teamRefs: [team], responderRef: 'user:default/x' };
    const listed = await store.search({ limit: 20 }, members);
    expect(ids(listed)).toEqual([elsewhere.id, parentAlertId].sort());
    expect(listed.items.find(a => a.id === parentAlertId)?.childCount).toBe(3);
    expect(ids(await store.listByTeam(team, { limit: 20 }, members))).toEqual(
      ids(listed),
    );
    expect(ids(await store.search({ limit: 20 }))).toEqual(ids(listed));

    // The incident's page, a caller's history and an outcome list the calls.
    const children = calls.map(c => c.id).sort();
    expect(
      ids(await store.search({ limit: 20, parent: parentAlertId }, members)),
    ).toEqual(children);
    expect(
      ids(await store.search({ limit: 20, caller: '+4930' }, members)),
    ).toEqual([...children, elsewhere.id].sort());

    // A responder the calls rang who may not read the incident sees the calls.
    const responder = { teamRefs: [], responderRef: 'user:default/zed' };
    expect(ids(await store.search({ limit: 20 }, responder))).toEqual(children);
    const recipient = { teamRefs: [], responderRef: 'user:default/ana' };
    expect(ids(await store.search({ limit: 20 }, recipient))).toEqual([
      parentAlertId,
    ]);
  });

  it('keeps an alert timeline in the order things happened', async () => {
    const store = await createStore();
    const at = new Date('2026-03-01T12:00:00Z');
    const alert = await store.create(newAlert('group:default/platform', at));
    await store.addEvent(alert.id, {
      type: 'call-received',
      message: 'Call from +4930123456',
      at,
    });
    // Same millisecond: insertion order decides.
    await store.addEvent(alert.id, {
      type: 'responder-dialled',
      message: 'Dialling Ana',
      userRef: 'user:default/ana',
      at,
    });
    await store.addEvent(alert.id, {
      type: 'answered',
      message: 'Ana answered',
      userRef: 'user:default/ana',
      at: new Date(at.getTime() + 20_000),
    });

    const loaded = await store.getWithTimeline(alert.id);
    expect(loaded).toMatchObject({
      id: alert.id,
      status: 'open',
      tags: ['hotline'],
    });
    expect(loaded?.events.map(e => [e.type, e.at, e.userRef])).toEqual([
      ['call-received', '2026-03-01T12:00:00.000Z', null],
      ['responder-dialled', '2026-03-01T12:00:00.000Z', 'user:default/ana'],
      ['answered', '2026-03-01T12:00:20.000Z', 'user:default/ana'],
    ]);
    expect(await store.getWithTimeline('missing')).toBeUndefined();
  });
});
