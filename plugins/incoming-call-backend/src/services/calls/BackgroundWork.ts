import type { LoggerService } from '@backstage/backend-plugin-api';
import { type Clock, scheduleOn, systemClock } from '../../lib/clock';

/**
 * The work of calls that must not hold up a webhook's answer (Twilio
 * requests, timers), kept track of so that tests and shutdown can wait for
 * it, and its failures logged rather than lost. Its timers run on `clock`
 * (a test's may run faster than real time).
 */
export class BackgroundWork {
  private readonly inFlight = new Set<Promise<void>>();
  /** What cancels each timer not yet due. */
  private readonly timers = new Set<() => void>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly logger: LoggerService,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Whether this replica is shutting down: it starts no new Twilio work. */
  get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  /** Runs `work` in the background; `what` names it when it fails. */
  run(what: string, work: () => Promise<unknown>): void {
    const tracked: Promise<void> = work()
      .then(
        () => undefined,
        error => this.logger.error(what, error),
      )
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** Runs `work` in `ms`, unless this replica stops first. */
  after(ms: number, what: string, work: () => Promise<unknown>): void {
    if (this.stopped) return;
    const cancel = scheduleOn(this.clock, ms, async () => {
      this.timers.delete(cancel);
      this.run(what, work);
    });
    this.timers.add(cancel);
  }

  /**
   * Waits `ms`; resolves false at once when the replica stops meanwhile (or
   * has stopped), so that what waited is handed on instead of done.
   */
  async wait(ms: number): Promise<boolean> {
    if (this.stopped) return false;
    if (ms <= 0) return true;
    const { signal } = this.stopping;
    return new Promise(resolve => {
      const cancel = scheduleOn(this.clock, ms, async () => {
        signal.removeEventListener('abort', onStop);
        resolve(true);
      });
      function onStop() {
        cancel();
        resolve(false);
      }
      signal.addEventListener('abort', onStop, { once: true });
    });
  }

  /**
   * Resolves when the work started so far is done (tests, shutdown); with
   * `budgetMs`, after that long at the latest (a Twilio request that hangs
   * must not hold up the shutdown). Returns whether everything finished.
   */
  async idle(budgetMs?: number): Promise<boolean> {
    const drained = (async () => {
      while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
      return true;
    })();
    if (budgetMs === undefined) return drained;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>(resolve => {
      timer = setTimeout(() => resolve(false), budgetMs);
    });
    try {
      return await Promise.race([drained, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Stops taking new work: drops the timers not yet due and wakes what
   * waits (see `wait`); the sweep of a live replica takes over.
   */
  stop(): void {
    this.stopping.abort();
    this.timers.forEach(cancel => cancel());
    this.timers.clear();
  }
}
