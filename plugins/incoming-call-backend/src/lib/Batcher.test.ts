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
});
