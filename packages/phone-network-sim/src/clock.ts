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

/**
 * The network's time running `factor` times as fast as real time, from
 * `start` (default: now), so that minutes of calls take seconds: `now()`
 * moves `factor` ms per real ms, and `schedule(ms)` runs its task after
 * `ms / factor` real ms. Like real time, its timers never keep a process
 * alive. Its `now()` also serves as a plain `{ now(): number }` clock,
 * e.g. for a backend under test to share the network's time.
 *
 * @public
 */
export class ScaledClock implements Clock {
  readonly #startedAt = Date.now();
  readonly #start: number;

  constructor(readonly factor: number, start: Date | number = Date.now()) {
    if (!(factor > 0))
      throw new Error(`A clock's factor must be > 0, not ${factor}`);
    this.#start = typeof start === 'number' ? start : start.getTime();
  }

  /** The time on this clock, in ms since the epoch. */
  now(): number {
    return this.#start + (Date.now() - this.#startedAt) * this.factor;
  }

  /** Runs `task` once `ms` have passed on this clock; returns how to cancel it. */
  schedule(ms: number, task: () => Promise<void>): () => void {
    return realClock.schedule(Math.max(0, ms) / this.factor, task);
  }

  /** Resolves once `ms` have passed on this clock; it keeps the process alive meanwhile. */
  sleep(ms: number): Promise<void> {
    return new Promise(resolve =>
      setTimeout(resolve, Math.max(0, ms) / this.factor),
    );
  }
}

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
