/** How far back the team's answers count for the expected wait (ms). */
export const ANSWER_RATE_WINDOW_MS = 15 * 60 * 1000;

/** Longer waits are announced as "more than" this many minutes. */
export const LONGEST_ANNOUNCED_WAIT_MINUTES = 30;

/**
 * What a waiting caller is told about their wait: about `minutes`, more
 * than `minutes` (the cap), or nothing (`unknown`: no recent answers to
 * estimate from).
 */
export type ExpectedWait =
  | { kind: 'about'; minutes: number }
  | { kind: 'more-than'; minutes: number }
  | { kind: 'unknown' };

/**
 * The expected wait of the caller at `position` in their team's line, from
 * the calls the team answered in the last `ANSWER_RATE_WINDOW_MS`: the
 * callers ahead and this one, at that rate, in whole minutes rounded up.
 */
export function expectedWait(
  position: number,
  answeredInWindow: number,
): ExpectedWait {
  if (answeredInWindow <= 0) return { kind: 'unknown' };
  const answersPerMinute = answeredInWindow / (ANSWER_RATE_WINDOW_MS / 60_000);
  const minutes = Math.max(1, Math.ceil(position / answersPerMinute));
  return minutes > LONGEST_ANNOUNCED_WAIT_MINUTES
    ? { kind: 'more-than', minutes: LONGEST_ANNOUNCED_WAIT_MINUTES }
    : { kind: 'about', minutes };
}
