import { Batcher } from './Batcher';

const tick = () => new Promise(resolve => setTimeout(resolve, 1));
/** After the batches started in this turn of the event loop have begun. */
const batchesBegun = () => new Promise(setImmediate);

describe('Batcher', () => {
  it('processes what comes in together in one batch, and what arrives meanwhile in the next', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher(async (items: number[]) => {
      batches.push(items);
      await new Promise(resolve => setTimeout(resolve, 10));
      return items.map(i => i * 10);
    });

    const first = [1, 2].map(i => batcher.submit(i));
    await batchesBegun();
    const meanwhile = [3, 4].map(i => batcher.submit(i));

    expect(await Promise.all([...first, ...meanwhile])).toEqual([
      10, 20, 30, 40,
    ]);
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    // Idle again: a lone item goes at once.
    expect(await batcher.submit(5)).toBe(50);
    expect(batches.at(-1)).toEqual([5]);
  });

  it('takes at most maxBatch items at a time', async () => {
    const sizes: number[] = [];
    const batcher = new Batcher(async (items: number[]) => {
      sizes.push(items.length);
      return items;
    }, 2);

    await Promise.all([1, 2, 3, 4, 5].map(i => batcher.submit(i)));

    expect(sizes).toEqual([2, 2, 1]);
  });

  it('fails a failed batch as a whole, and goes on with the next', async () => {
    let calls = 0;
    const batcher = new Batcher(async (items: number[]) => {
      calls++;
      await tick();
      if (items.includes(3)) throw new Error(`batch with 3: ${items}`);
      return items.map(i => -i);
    });

    const first = batcher.submit(1);
    await batchesBegun();
    const failing = [2, 3, 4].map(i => batcher.submit(i));
    const results = await Promise.allSettled([first, ...failing]);

    const failed = {
      status: 'rejected',
      reason: new Error('batch with 3: 2,3,4'),
    };
    expect(results).toEqual([
      { status: 'fulfilled', value: -1 },
      failed,
      failed,
      failed,
    ]);
    // No item is processed twice.
    expect(calls).toBe(2);
    expect(await batcher.submit(5)).toBe(-5);
  });

  describe('a batch failing for one item', () => {
    class Poisoned extends Error {}
    const isolates = (error: unknown) => error instanceof Poisoned;

    it('is split until only the poisoned item fails', async () => {
      const sizes: number[] = [];
      const batcher = new Batcher(
        async (items: number[]) => {
          sizes.push(items.length);
          await tick();
          if (items.includes(37)) throw new Poisoned(`37 in ${items.length}`);
          return items.map(i => -i);
        },
        { isolates },
      );

      const results = await Promise.allSettled(
        Array.from({ length: 101 }, (_, i) => batcher.submit(i)),
      );

      expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(100);
      expect(results[37]).toEqual({
        status: 'rejected',
        reason: new Poisoned('37 in 1'),
      });
      expect(results[36]).toEqual({ status: 'fulfilled', value: -36 });
      // Halves down to the item: a couple of tries per level, not 101.
      expect(sizes.length).toBeLessThanOrEqual(
        2 * Math.ceil(Math.log2(101)) + 1,
      );
    });

    it('fails several poisoned items alone, each with its own error', async () => {
      const batcher = new Batcher(
        async (items: string[]) => {
          const bad = items.find(i => i.startsWith('bad'));
          if (bad) throw new Poisoned(bad);
          return items;
        },
        { isolates },
      );
      const items = ['a', 'bad1', 'b', 'c', 'bad2', 'd'];
      const results = await Promise.allSettled(
        items.map(i => batcher.submit(i)),
      );
      expect(
        results.map(r =>
          r.status === 'fulfilled' ? r.value : String(r.reason),
        ),
      ).toEqual(['a', 'Error: bad1', 'b', 'c', 'Error: bad2', 'd']);
    });

    it('is not split when the error is not one of its items (the database is gone): all fail at once', async () => {
      let calls = 0;
      const outage = Object.assign(new Error('connect ECONNREFUSED'), {
        code: 'ECONNREFUSED',
      });
      const batcher = new Batcher(
        async (_items: number[]) => {
          calls++;
          throw outage;
        },
        { isolates },
      );
      const results = await Promise.allSettled(
        [1, 2, 3, 4].map(i => batcher.submit(i)),
      );
      expect(
        results.every(r => r.status === 'rejected' && r.reason === outage),
      ).toBe(true);
      expect(calls).toBe(1);
    });
  });
});
