interface Pending<I, O> {
  item: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for any work on the database: while batches are being
 * processed, the items arriving meanwhile queue for the next, which handles
 * them all in one go. A lone item is processed at once; a burst of hundreds
 * shares a handful of round trips instead of queueing for the connection
 * pool one by one. When a batch fails, its items are processed again one by
 * one, so one bad item (a duplicate webhook) fails alone.
 */
export class Batcher<I, O> {
  private readonly queue: Pending<I, O>[] = [];
  private inFlight = 0;

  /**
   * @param process - handles a batch; returns one output per item, in order
   * @param options.maxBatch - the most items one batch takes
   * @param options.concurrency - how many batches may be processed at once:
   *   more than one lets an item start while the last batch is still being
   *   written, for shorter waits at the cost of smaller batches
   */
  constructor(
    private readonly process: (items: I[]) => Promise<O[]>,
    private readonly options: { maxBatch?: number; concurrency?: number } = {},
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.startBatches();
    });
  }

  private startBatches() {
    const { maxBatch = 250, concurrency = 1 } = this.options;
    while (this.inFlight < concurrency && this.queue.length > 0) {
      this.inFlight++;
      void this.run(this.queue.splice(0, maxBatch)).finally(() => {
        this.inFlight--;
        this.startBatches();
      });
    }
  }

  private async run(batch: Pending<I, O>[]) {
    try {
      const outputs = await this.process(batch.map(p => p.item));
      batch.forEach((p, i) => p.resolve(outputs[i]));
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      for (const pending of batch) {
        await this.process([pending.item]).then(
          ([output]) => pending.resolve(output),
          pending.reject,
        );
      }
    }
  }
}
