interface Pending<I, O> {
  item: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for any work on the database: while one batch is being
 * processed, the items arriving meanwhile queue for the next, which handles
 * them all in one go. A lone item is processed at once; a burst of hundreds
 * shares a handful of round trips instead of queueing for the connection
 * pool one by one. When a batch fails, its items are processed again one by
 * one, so one bad item (a duplicate webhook) fails alone.
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
      if (!this.running) void this.drain();
    });
  }

  private async drain() {
    this.running = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const outputs = await this.process(batch.map(p => p.item));
        batch.forEach((p, i) => p.resolve(outputs[i]));
      } catch (error) {
        if (batch.length === 1) {
          batch[0].reject(error);
          continue;
        }
        for (const pending of batch) {
          await this.process([pending.item]).then(
            ([output]) => pending.resolve(output),
            pending.reject,
          );
        }
      }
    }
    this.running = false;
  }
}
