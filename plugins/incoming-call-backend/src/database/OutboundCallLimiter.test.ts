import { createTestDatabases } from '../__testUtils__/databases';
import { applyMigrations } from './migrations';
import { OutboundCallLimiter } from './OutboundCallLimiter';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('OutboundCallLimiter on %s', id => {
  it('hands out one slot per interval, also to concurrent requests', async () => {
    const knex = await databases.init(id);
    await applyMigrations(knex);
    const limiter = new OutboundCallLimiter(knex, 'AC1', 2);
    const now = 1_000_000;

    const slots = await Promise.all(
      Array.from({ length: 6 }, () => limiter.reserve(now)),
    );
    expect([...slots].sort((a, b) => a - b)).toEqual([
      now,
      now + 500,
      now + 1000,
      now + 1500,
      now + 2000,
      now + 2500,
    ]);

    // Once the queue has drained, the next call goes at once.
    expect(await limiter.reserve(now + 10_000)).toBe(now + 10_000);
    expect(await limiter.reserve(now + 10_100)).toBe(now + 10_500);
  });

  it('keeps each account to its own rate, shared by every replica', async () => {
    const knex = await databases.init(id);
    await applyMigrations(knex);
    const replicaA = new OutboundCallLimiter(knex, 'AC1', 1);
    const replicaB = new OutboundCallLimiter(knex, 'AC1', 1);
    const otherAccount = new OutboundCallLimiter(knex, 'AC2', 1);

    expect(await replicaA.reserve(0)).toBe(0);
    expect(await replicaB.reserve(0)).toBe(1000);
    expect(await otherAccount.reserve(0)).toBe(0);
  });

  it('hands out whole milliseconds, never early, at a rate that does not divide a second', async () => {
    const knex = await databases.init(id);
    await applyMigrations(knex);
    const limiter = new OutboundCallLimiter(knex, 'AC1', 3);

    const slots = await Promise.all(
      Array.from({ length: 4 }, () => limiter.reserve(0)),
    );
    // 333.333… ms apart, rounded up.
    expect([...slots].sort((a, b) => a - b)).toEqual([0, 334, 667, 1000]);
  });
  it('gives back the slots of a call that ended before its leg was placed', async () => {
    const knex = await databases.init(id);
    await applyMigrations(knex);
    const limiter = new OutboundCallLimiter(knex, 'AC1', 1);
    const gone = Array.from({ length: 200 }, (_, i) => `CAgone${i}`);

    // 200 callers queue behind each other, then all hang up at once.
    const slots = await Promise.all(gone.map(sid => limiter.reserve(0, sid)));
    expect(Math.max(...slots)).toBe(199_000);
    await Promise.all(gone.map(sid => limiter.release(sid, 500)));

    // The first slot (0) was used; a new call goes a second after it.
    expect(await limiter.reserve(600, 'CAnew')).toBe(1000);
  });

  it('keeps the slots of calls still waiting when another gives its back', async () => {
    const knex = await databases.init(id);
    await applyMigrations(knex);
    const limiter = new OutboundCallLimiter(knex, 'AC1', 1);

    expect(await limiter.reserve(0, 'CAa')).toBe(0);
    expect(await limiter.reserve(0, 'CAb')).toBe(1000);
    expect(await limiter.reserve(0, 'CAc')).toBe(2000);
    await limiter.release('CAc', 100);
    // CAb still waits for 1000: the slot after it is the next one free.
    expect(await limiter.reserve(100, 'CAd')).toBe(2000);
    await limiter.release('CAb', 200);
    // Only a slot in the middle was given back: CAd still holds 2000.
    expect(await limiter.reserve(200, 'CAe')).toBe(3000);
  });
});
