import type { CallEvent, CallSessionState } from './callEngine';

/** How long a placed leg may go without news beyond its ring timeout. */
export const LEG_GRACE_SECONDS = 30;
/** How long a leg's request may go unanswered past its slot. */
export const PLACE_GRACE_SECONDS = 30;
/** How long a queued call may wait for its first leg. */
export const START_GRACE_SECONDS = 10;
/**
 * How long an answered responder may take to confirm: the prompt, asked
 * twice, with its wait for a key each time.
 */
export const CONFIRM_SECONDS = 60;

/**
 * When a call is next owed an event if nothing else happens first (ms), or
 * undefined when only the phone network can move it. Stored with the
 * session, so that whichever replica is alive acts on it.
 */
export function wakeAt(
  session: CallSessionState,
  ringTimeoutSeconds: number,
): number | undefined {
  if (session.state !== 'queued') return undefined;
  if (session.waitingUntil !== undefined) return session.waitingUntil;
  const { leg } = session;
  if (leg?.sid) {
    const allowed = leg.answered ? CONFIRM_SECONDS : ringTimeoutSeconds;
    return leg.since + (allowed + LEG_GRACE_SECONDS) * 1000;
  }
  if (leg?.handedOff) return leg.notBefore ?? leg.since;
  if (leg) return (leg.notBefore ?? leg.since) + PLACE_GRACE_SECONDS * 1000;
  if (session.dialStartedAt === undefined) {
    return (session.queuedAt ?? 0) + START_GRACE_SECONDS * 1000;
  }
  return undefined;
}

/**
 * The event a call is owed at `now` (ms), if any: a delay that is over, a
 * leg silent for too long, or dialling that never started because its
 * replica stopped.
 */
export function overdueEvent(
  session: CallSessionState,
  now: number,
  ringTimeoutSeconds: number,
): CallEvent | undefined {
  const due = wakeAt(session, ringTimeoutSeconds);
  if (due === undefined || now < due) return undefined;
  if (session.waitingUntil !== undefined) return { type: 'delay-over' };
  if (session.leg) {
    return {
      type: 'leg-overdue',
      index: session.leg.index,
      attempt: session.leg.attempt,
    };
  }
  return { type: 'start-dialling' };
}
