import type { CallSessionState, DialStep } from '../engine/callEngine';
import type { CallSession } from '../engine/callSession';

/** A plan step a waiting caller may ring now. */
export interface Want {
  index: number;
  userRef: string;
}

/** Where a call stands in the line, as stored with its session. */
export interface LineEntry {
  /** The steps the caller may ring now; empty while they ring someone or wait for a delay. */
  wants: Want[];
  /** The responder being rung (or asked to confirm) for the caller now. */
  legUserRef?: string;
}

/** Who the line does not give to a caller now. */
export interface LineAvailability {
  /** In a leg of another call, or wanted by a caller ahead in the line. */
  unavailable: ReadonlySet<string>;
  /** Stopped taking calls from the line. */
  away: ReadonlySet<string>;
}

/** Everyone free: a call on its own (and the engine's tests). */
export const ALL_FREE: LineAvailability = {
  unavailable: new Set(),
  away: new Set(),
};

/**
 * The plan steps already rung (or passed over) for the call. Sessions
 * stored before the line walked the plan in order up to `next`.
 */
export function triedSteps(session: CallSessionState): ReadonlySet<number> {
  if (session.tried) return new Set(session.tried);
  return new Set(Array.from({ length: session.next ?? 0 }, (_, i) => i));
}

/**
 * The steps of the escalation pass being dialled that were not tried yet,
 * in plan order: a repeat starts once the pass before it has run out.
 */
export function currentPass(
  session: CallSessionState,
): { index: number; responder: DialStep }[] {
  const tried = triedSteps(session);
  const pending = session.plan
    .map((responder, index) => ({ index, responder }))
    .filter(({ index }) => !tried.has(index));
  if (pending.length === 0) return [];
  const pass = pending[0].responder.pass ?? 0;
  return pending.filter(({ responder }) => (responder.pass ?? 0) === pass);
}

/**
 * The steps of `pass` that may ring now, and the first that may not yet:
 * steps ring in plan order, so a step whose delay is not over holds back
 * the ones after it (a busy responder does not).
 */
export function dueSteps<T extends { responder: DialStep }>(
  pass: T[],
  dueAt: (responder: DialStep) => number,
  now: number,
): { due: T[]; next?: T } {
  const later = pass.findIndex(({ responder }) => dueAt(responder) > now);
  return later === -1
    ? { due: pass }
    : { due: pass.slice(0, later), next: pass[later] };
}

/**
 * When a step of the pass being dialled may ring (ms), as `dialNext`
 * counts it; Infinity for a pass not started yet.
 */
export function stepDueAt(
  session: CallSessionState,
  responder: DialStep,
): number {
  let startedAt = session.dialStartedAt ?? Infinity;
  if (responder.pass) {
    startedAt =
      session.repeat?.pass === responder.pass
        ? session.repeat.startedAt
        : Infinity;
  }
  return startedAt + responder.afterSeconds * 1000;
}

/**
 * The call's line entry at `now`, or undefined when it is not in the line
 * (in the menu, connected, in the voicemail, gone). Pure.
 */
export function lineEntryOf(
  session: CallSessionState,
  now: number,
): LineEntry | undefined {
  if (session.state !== 'queued') return undefined;
  const { leg } = session;
  if (leg) return { wants: [], legUserRef: session.plan[leg.index].userRef };
  const wants = dueSteps(
    currentPass(session),
    responder => stepDueAt(session, responder),
    now,
  ).due.map(({ index, responder }) => ({ index, userRef: responder.userRef }));
  return { wants };
}

/** The responder a call holds: in its leg, connected, or still on the line after it. */
export interface HeldResponder {
  userRef: string;
  /**
   * The caller is gone but the responder's phone leg may still be up (the
   * offer of the next caller): they stay busy until that leg ends.
   */
  untilLegEnds?: boolean;
}

/** Who the call keeps busy, per its state. Pure. */
export function heldResponder(
  session: CallSessionState,
): HeldResponder | undefined {
  if (session.state === 'queued' && session.leg) {
    return { userRef: session.plan[session.leg.index].userRef };
  }
  if (!session.answeredBy) return undefined;
  if (session.state === 'connected') return { userRef: session.answeredBy };
  if (session.state === 'ended' && !session.answeredInBrowser) {
    return { userRef: session.answeredBy, untilLegEnds: true };
  }
  return undefined;
}

/**
 * The call as its line entry names it: its team's line (the integration's
 * for calls stored before the team was kept), and its place by the time it
 * joined.
 */
export function lineCallOf(session: CallSession, now: number) {
  return {
    callSid: session.callSid,
    teamRef: session.context.teamRef ?? session.integrationId,
    alertId: session.alertId,
    queuedAt: session.flow.queuedAt ?? now,
  };
}
