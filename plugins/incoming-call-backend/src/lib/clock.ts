import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';

/**
 * Where the plugin reads the time (ms since the epoch). One clock is made
 * in the plugin and passed everywhere, so that tests can move it on.
 */
export interface Clock {
  now(): number;
  /**
   * Runs `task` once `ms` have passed on this clock; returns what cancels
   * it. A clock that runs faster than real time (a test's or a benchmark's,
   * e.g. the simulated network's `ScaledClock`) times its own waits; without
   * it, `ms` are real milliseconds (see `scheduleOn`). The task's promise
   * is the work it started (a test's manual clock waits for it).
   */
  schedule?(ms: number, task: () => Promise<void>): () => void;
}

/** The real time: the only place the plugin reads it. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * Runs `task` once `ms` have passed on `clock` (real milliseconds for a
 * clock that does not schedule); returns what cancels it. The timer never
 * keeps the process alive: a replica's server does.
 */
export function scheduleOn(
  clock: Clock,
  ms: number,
  task: () => Promise<void>,
): () => void {
  if (clock.schedule) return clock.schedule(Math.max(0, ms), task);
  const timer = setTimeout(() => void task(), Math.max(0, ms));
  timer.unref();
  return () => clearTimeout(timer);
}

/**
 * The plugin's clock, as a service: the real time unless a backend (a test,
 * a benchmark) provides another, shared with the simulated network.
 */
export const clockServiceRef = createServiceRef<Clock>({
  id: 'incoming-call.clock',
  defaultFactory: async service =>
    createServiceFactory({ service, deps: {}, factory: () => systemClock }),
});
