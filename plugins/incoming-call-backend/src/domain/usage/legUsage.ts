import { isUsCanadaNumber } from '@icr/plugin-incoming-call-common';
import type { CallSessionState } from '../engine/callEngine';

/** A responder leg that is over, as usage and analytics count it. */
export interface EndedLeg {
  legSid: string;
  /** The caller's call the leg was placed for. */
  callSid: string;
  userRef: string;
  /** Twilio's final status of the leg. */
  status: string;
  /** The caller was bridged to this leg. */
  connected: boolean;
  /** Rung at a US or Canadian number (priced as domestic). */
  domestic: boolean;
  /**
   * Twilio bills a leg that was answered (it `completed`) by the minute,
   * rounded up, one at least; a leg that only rang costs nothing.
   */
  billedMinutes: number;
  /** When the responder picked up, for the leg that got the caller (ms). */
  answeredAt: number | null;
  endedAt: number;
}

/**
 * What the leg `plan[index]` of a call counts for, now that Twilio reports
 * it over after `durationSeconds` of conversation; undefined for an index
 * the plan does not have.
 */
export function endedLeg(
  callSid: string,
  flow: CallSessionState,
  leg: {
    index: number;
    legSid: string;
    status: string;
    durationSeconds: number;
  },
  now: number,
): EndedLeg | undefined {
  const responder = flow.plan[leg.index];
  if (!responder) return undefined;
  const connected = flow.answeredOn === leg.legSid;
  return {
    legSid: leg.legSid,
    callSid,
    userRef: responder.userRef,
    status: leg.status,
    connected,
    domestic: isUsCanadaNumber(responder.phone),
    billedMinutes:
      leg.status === 'completed'
        ? Math.max(1, Math.ceil(leg.durationSeconds / 60))
        : 0,
    // Twilio's duration runs from the pick-up to the end of the leg.
    answeredAt: connected ? now - leg.durationSeconds * 1000 : null,
    endedAt: now,
  };
}
