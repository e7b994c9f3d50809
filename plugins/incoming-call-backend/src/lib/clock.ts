/**
 * Where the plugin reads the time (ms since the epoch). One clock is made
 * in the plugin and passed everywhere, so that tests can move it on.
 */
export interface Clock {
  now(): number;
}

/** The real time: the only place the plugin reads it. */
export const systemClock: Clock = { now: () => Date.now() };
