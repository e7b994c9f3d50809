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

/** A timer of a `ScaledClock`, armed on the real clock for its speed now. */
interface ScaledTimer {
  /** When it is due, on the clock. */
  at: number;
  task: () => Promise<void>;
  /** Whether it keeps the process alive (`sleep`'s do). */
  keepsAlive: boolean;
  handle?: ReturnType<typeof setTimeout>;
}

/**
 * The network's time running `factor` times as fast as real time, from
 * `start` (default: now), so that minutes of calls take seconds: `now()`
 * moves `factor` ms per real ms, and `schedule(ms)` runs its task after
 * `ms / factor` real ms. The factor may change on the way (`setFactor`):
 * time goes on from where it is, and timers set before fire when their
 * time comes at the new speed. Like real time, its timers never keep a
 * process alive. Its `now()` also serves as a plain `{ now(): number }`
 * clock, e.g. for a backend under test to share the network's time.
 *
 * @public
 */
export class ScaledClock implements Clock {
  #factor: number;
  /** Since when (real ms, and the same instant on the clock) it runs at `#factor`. */
  #realSince = Date.now();
  #clockSince: number;
  /** The clock times at which the factor changed, with the factor from then on. */
  readonly #speeds: { from: number; factor: number }[];
  readonly #timers = new Set<ScaledTimer>();

  constructor(factor: number, start: Date | number = Date.now()) {
    this.#factor = ScaledClock.#valid(factor);
    this.#clockSince = typeof start === 'number' ? start : start.getTime();
    this.#speeds = [{ from: -Infinity, factor: this.#factor }];
  }

  /** How many times as fast as real time the clock runs now. */
  get factor(): number {
    return this.#factor;
  }

  /** The time on this clock, in ms since the epoch. */
  now(): number {
    return this.#clockSince + (Date.now() - this.#realSince) * this.#factor;
  }

  /**
   * From now on the clock runs `factor` times as fast as real time; the
   * timers waiting meanwhile keep their time on the clock.
   */
  setFactor(factor: number): void {
    const valid = ScaledClock.#valid(factor);
    this.#clockSince = this.now();
    this.#realSince = Date.now();
    this.#factor = valid;
    this.#speeds.push({ from: this.#clockSince, factor: valid });
    for (const timer of this.#timers) {
      clearTimeout(timer.handle);
      this.#arm(timer);
    }
  }

  /** The real ms that passed (or will) between two times on this clock, at its speeds so far. */
  realMsBetween(from: number, to: number): number {
    if (to < from) return -this.realMsBetween(to, from);
    let real = 0;
    this.#speeds.forEach(({ from: since, factor }, i) => {
      const until = this.#speeds[i + 1]?.from ?? Infinity;
      const overlap = Math.min(to, until) - Math.max(from, since);
      if (overlap > 0) real += overlap / factor;
    });
    return real;
  }

  /** Runs `task` once `ms` have passed on this clock; returns how to cancel it. */
  schedule(ms: number, task: () => Promise<void>): () => void {
    const timer: ScaledTimer = {
      at: this.now() + Math.max(0, ms),
      task,
      keepsAlive: false,
    };
    this.#arm(timer);
    return () => {
      clearTimeout(timer.handle);
      this.#timers.delete(timer);
    };
  }

  /** Resolves once `ms` have passed on this clock; it keeps the process alive meanwhile. */
  sleep(ms: number): Promise<void> {
    return new Promise(resolve =>
      this.#arm({
        at: this.now() + Math.max(0, ms),
        task: async () => resolve(),
        keepsAlive: true,
      }),
    );
  }

  #arm(timer: ScaledTimer) {
    this.#timers.add(timer);
    timer.handle = setTimeout(() => {
      // Real time is read to the ms: at a high factor a timer may wake a
      // little before its time on the clock.
      if (this.now() < timer.at) {
        this.#arm(timer);
        return;
      }
      this.#timers.delete(timer);
      void timer.task();
    }, Math.max(0, timer.at - this.now()) / this.#factor);
    if (!timer.keepsAlive) timer.handle.unref?.();
  }

  static #valid(factor: number): number {
    if (!(factor > 0))
      throw new Error(`A clock's factor must be > 0, not ${factor}`);
    return factor;
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
