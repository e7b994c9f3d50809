import { createTestDatabases } from '../__testUtils__/databases';
import { mp3WithId3Tag, ulawSamples } from '../__testUtils__/audioSamples';
import { applyMigrations } from './migrations';
import { AudioStore } from './AudioStore';
import { systemClock } from '../lib/clock';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('AudioStore on %s', id => {
  async function createStore() {
    const knex = await databases.init(id);
    await applyMigrations(knex);
    return new AudioStore(knex, systemClock);
  }

  const platform = 'group:default/platform';

  it('keeps the bytes exactly and serves them with the content type of the format', async () => {
    const store = await createStore();
    // Every byte value, NUL included, must come back as it went in.
    const data = Buffer.concat([
      mp3WithId3Tag(),
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
    ]);

    const file = await store.create({
      teamRef: platform,
      name: 'welcome.mp3',
      format: 'mp3',
      data,
      createdBy: 'user:default/ana',
    });

    expect(file).toMatchObject({
      teamRef: platform,
      name: 'welcome.mp3',
      format: 'mp3',
      contentType: 'audio/mpeg',
      size: data.length,
      createdBy: 'user:default/ana',
    });
    const content = await store.content(file.id);
    expect(content?.contentType).toBe('audio/mpeg');
    expect(content?.data.equals(data)).toBe(true);
    expect(await store.content('no-such-file')).toBeUndefined();
  });

  it('lists a team files newest first, without the bytes, and deletes one', async () => {
    const store = await createStore();
    const first = await store.create({
      teamRef: platform,
      name: 'hold.ulaw',
      format: 'ulaw',
      data: ulawSamples(800),
      createdBy: 'user:default/ana',
    });
    await new Promise(r => setTimeout(r, 5));
    const second = await store.create({
      teamRef: platform,
      name: 'welcome.mp3',
      format: 'mp3',
      data: mp3WithId3Tag(),
      createdBy: 'user:default/ana',
    });
    await store.create({
      teamRef: 'group:default/payments',
      name: 'other.mp3',
      format: 'mp3',
      data: mp3WithId3Tag(),
      createdBy: 'user:default/bob',
    });

    expect(await store.listByTeam(platform)).toEqual([second, first]);
    expect(first.contentType).toBe('audio/ulaw');
    expect(await store.getOfTeam(platform, first.id)).toEqual(first);
    expect(
      await store.getOfTeam('group:default/payments', first.id),
    ).toBeUndefined();

    expect(await store.delete('group:default/payments', first.id)).toBe(false);
    expect(await store.delete(platform, first.id)).toBe(true);
    expect(await store.listByTeam(platform)).toEqual([second]);
    expect(await store.content(first.id)).toBeUndefined();
  });
});
