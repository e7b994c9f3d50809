import { Batcher } from './Batcher';

describe('Batcher', () => {
  it('processes a lone item at once and what arrives meanwhile together', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher(async (items: number[]) => {
      batches.push(items);
      await new Promise(resolve => setTimeout(resolve, 10));
      return items.map(i => i * 10);
    });

    const first = batcher.submit(1);
    const rest = [2, 3, 4].map(i => batcher.submit(i));

    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('takes at most maxBatch items at a time', async () => {
    const sizes: number[] = [];
    const batcher = new Batcher(async (items: number[]) => {
      sizes.push(items.length);
      return items;
    }, 2);

    await Promise.all([1, 2, 3, 4, 5, 6].map(i => batcher.submit(i)));

    expect(sizes).toEqual([1, 2, 2, 1]);
  });

  it('fails a failed batch as a whole, and goes on with the next', async () => {
    let calls = 0;
    const batcher = new Batcher(async (items: number[]) => {
      calls++;
      if (items.includes(3)) throw new Error(`batch with 3: ${items}`);
      return items.map(i => -i);
    });

    const results = await Promise.allSettled(
      [1, 2, 3, 4].map(i => batcher.submit(i)),
    );

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
