/**
 * The network's sense of time: ringing, Gather timeouts, pauses, call
 * durations and callers who hang up after a while all run on it.
 *
 * @public
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Runs `task` once `ms` have passed; the returned function cancels it.
   * A task's promise is the work it started (a manual clock waits for it).
   */
  schedule(ms: number, task: () => Promise<void>): () => void;
}

/** Real time: timers never keep a process (or a test run) alive. */
export const realClock: Clock = {
  now: () => Date.now(),
  schedule(ms, task) {
    const timer = setTimeout(() => void task(), ms);
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

interface Timer {
  at: number;
  order: number;
  task: () => Promise<void>;
}

/**
 * A clock that only moves when told to, for tests and step-by-step calls:
 * `advance` runs the timers that fall due, in order, each with the clock
 * set to its due time, and waits for the network work each one starts.
 *
 * @public
 */
export class ManualClock implements Clock {
  #now: number;
  #timers: Timer[] = [];
  #order = 0;

  constructor(start: Date | number = Date.UTC(2026, 0, 5, 9)) {
    this.#now = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.#now;
  }

  schedule(ms: number, task: () => Promise<void>): () => void {
    const timer = {
      at: this.#now + Math.max(0, ms),
      order: this.#order++,
      task,
    };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter(t => t !== timer);
    };
  }

  /** Moves time on by `ms`, running every timer due by then (also ones they set). */
  async advance(ms: number): Promise<void> {
    const until = this.#now + ms;
    for (;;) {
      const [next] = this.#timers
        .filter(t => t.at <= until)
        .sort((a, b) => a.at - b.at || a.order - b.order);
      if (!next) break;
      this.#timers = this.#timers.filter(t => t !== next);
      this.#now = Math.max(this.#now, next.at);
      await next.task();
    }
    this.#now = until;
  }

  /** Timers not yet run: a test can check that nothing is left waiting. */
  get pending(): number {
    return this.#timers.length;
  }
}
