import type { LoggerService } from '@backstage/backend-plugin-api';

/**
 * The work of calls that must not hold up a webhook's answer (Twilio
 * requests, timers), kept track of so that tests and shutdown can wait for
 * it, and its failures logged rather than lost.
 */
export class BackgroundWork {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly logger: LoggerService) {}

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
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.run(what, work);
    }, Math.max(0, ms));
    timer.unref();
    this.timers.add(timer);
  }

  /** Resolves when the work started so far is done (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Drops the timers not yet due: the sweep of a live replica takes over. */
  stop(): void {
    this.timers.forEach(clearTimeout);
    this.timers.clear();
  }
}
