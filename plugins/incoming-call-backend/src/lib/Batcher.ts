interface Pending<I, O> {
  item: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for any work on the database: while one batch is being
 * processed, the items arriving meanwhile queue for the next, which handles
 * them all in one go. A lone item is processed at once (in the same turn of
 * the event loop, after its I/O callbacks); a burst of hundreds
 * shares a handful of round trips instead of queueing for the connection
 * pool one by one. A batch fails as a whole, with its error for each item:
 * what fails a batch (the database gone, a pool timeout) would fail its
 * items one by one too, only later; the batch after it is tried afresh.
 * Processing must therefore not fail for one item's sake (a duplicate is
 * an outcome, not an error), and retries itself what a second try cures
 * (a statement that lost a race, see `retryTransient`).
 */
export class Batcher<I, O> {
  private readonly queue: Pending<I, O>[] = [];
  private running = false;

  /**
   * @param process - handles a batch; returns one output per item, in order
   * @param maxBatch - the most items one batch takes
   */
  constructor(
    private readonly process: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 250,
  ) {}

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
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const outputs = await this.process(batch.map(p => p.item));
        batch.forEach((p, i) => p.resolve(outputs[i]));
      } catch (error) {
        batch.forEach(p => p.reject(error));
      }
    }
    this.running = false;
  }
}
