interface Pending<I, O> {
  item: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

export interface BatcherOptions {
  /** The most items one batch takes (250). */
  maxBatch?: number;
  /**
   * Whether a batch that failed with this error is split to find the items
   * that caused it (see {@link Batcher}); by default none is.
   */
  isolates?: (error: unknown) => boolean;
}

/**
 * Group commit for any work on the database: while one batch is being
 * processed, the items arriving meanwhile queue for the next, which handles
 * them all in one go. A lone item is processed at once (in the same turn of
 * the event loop, after its I/O callbacks); a burst of hundreds
 * shares a handful of round trips instead of queueing for the connection
 * pool one by one.
 *
 * A batch that fails with an error `isolates` accepts (a value one item
 * carries that the statement cannot take) is split in halves, each
 * processed again, down to the items that fail alone: one poisoned item
 * among a hundred costs a few more round trips, and only it fails. Any
 * other error (the database gone, a pool timeout) fails the batch as a
 * whole, at once, with its error for each item: it would fail its items one
 * by one too, only later; the batch after it is tried afresh. Processing
 * must therefore write nothing when it fails (one statement, or one
 * transaction), treat a duplicate as an outcome rather than an error, and
 * retry itself what a second try cures (a statement that lost a race, see
 * `retryTransient`).
 */
export class Batcher<I, O> {
  private readonly queue: Pending<I, O>[] = [];
  private running = false;
  private readonly maxBatch: number;
  private readonly isolates: (error: unknown) => boolean;

  /**
   * @param process - handles a batch; returns one output per item, in order
   * @param options - the most items one batch takes, or {@link BatcherOptions}
   */
  constructor(
    private readonly process: (items: I[]) => Promise<O[]>,
    options: number | BatcherOptions = {},
  ) {
    const { maxBatch = 250, isolates = () => false } =
      typeof options === 'number' ? { maxBatch: options } : options;
    this.maxBatch = maxBatch;
    this.isolates = isolates;
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) {
        this.running = true;
        // Once the I/O of this turn of the event loop has been read: the
        // webhooks that came in together, and the work they started, go
        // in one batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain() {
    while (this.queue.length > 0) {
      await this.run(this.queue.splice(0, this.maxBatch));
    }
    this.running = false;
  }

  private async run(batch: Pending<I, O>[]): Promise<void> {
    try {
      const outputs = await this.process(batch.map(p => p.item));
      batch.forEach((p, i) => p.resolve(outputs[i]));
    } catch (error) {
      if (batch.length > 1 && this.isolates(error)) {
        const half = Math.ceil(batch.length / 2);
        await this.run(batch.slice(0, half));
        await this.run(batch.slice(half));
        return;
      }
      batch.forEach(p => p.reject(error));
    }
  }
}
