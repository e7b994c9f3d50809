import { ConflictError } from '@backstage/errors';
import type { CallStore, SessionAdvance } from '../../database/CallStore';
import { isDataError } from '../../database/dataErrors';
import type { LineStore } from '../../database/LineStore';
import type {
  TransactionStores,
  WithTransaction,
} from '../../database/transactions';
import {
  type CallCommand,
  type CallEvent,
  type CallSessionState,
  step,
  type Transition,
} from '../../domain/engine/callEngine';
import type { CallSession } from '../../domain/engine/callSession';
import {
  heldResponder,
  type LineAvailability,
  type LineEntry,
  lineCallOf,
  lineEntryOf,
} from '../../domain/line/lineEntry';
import { unavailableTo } from '../../domain/line/matchLine';
import { Batcher } from '../../lib/Batcher';
import type { Clock } from '../../lib/clock';
import type { AlertSignals } from '../alerts/AlertSignals';

/** Concurrent updates of one call retry this often before giving up. */
const MAX_ATTEMPTS = 5;
/**
 * A responder claimed by another call first retries this often more: each
 * such retry means another call moved on, and a burst of callers may race
 * for the same few responders.
 */
const MAX_TAKEN = 20;

/** The commands written to the alert, in the transaction of the transition. */
const ALERT_COMMANDS = new Set<CallCommand['type']>([
  'record',
  'acknowledge',
  'set-responders',
  'set-outcome',
  'close-alert',
]);

/** Another call claimed the responder first: work the transition out again. */
class ResponderTaken extends Error {}

/** What a transition does to the line: the call's entry, and the responder it holds. */
interface LineChange {
  /** The entry to store; absent when the call was and is out of the line. */
  entry?: { value: LineEntry | undefined };
  claim?: { userRef: string; force: boolean; legSid?: string };
  release?: string;
  /** The line moved on: others waiting may get a responder now. */
  moves: boolean;
}

/** Carries out what a stored transition leaves to do; `session` as stored. */
export type FollowUp = (
  session: CallSession,
  transition: Transition,
  why: string,
) => void;

/**
 * Moves calls on by one engine event each, stored under optimistic
 * versioning so that any replica may take any webhook: a transition that
 * lost a race to another replica (or a duplicate callback) is worked out
 * again from the session as it is now. Alert writes commit with the
 * transition; what else the commands say follows the commit.
 */
export class CallTransitions {
  private readonly advances: Batcher<SessionAdvance, boolean>;

  constructor(
    private readonly deps: {
      calls: CallStore;
      withTransaction: WithTransaction;
      clock: Clock;
      followUp: FollowUp;
      /** Live updates of the alerts; none in some tests. */
      signals?: AlertSignals;
      /** The team of an alert whose session does not name it (stored before it did). */
      teamOf?: (alertId: string) => Promise<string | undefined>;
      /** Who is busy and who waits (read outside the transaction). */
      line: Pick<LineStore, 'availability' | 'seeking'>;
      /** After a commit that moved the line on: wake whoever may go next. */
      lineMoved?: () => void;
    },
  ) {
    this.advances = new Batcher(items => deps.calls.advanceMany(items), {
      isolates: isDataError,
    });
  }

  /**
   * Applies `event` to the call, then has its commands carried out. `known`
   * is the session as this replica last stored it: tried first, it saves a
   * read when nothing else moved the call meanwhile. Undefined when there
   * is no such call.
   */
  async apply(
    callSid: string,
    event: CallEvent,
    known?: CallSession,
    seen?: LineAvailability,
  ): Promise<Transition | undefined> {
    const { calls, withTransaction, clock, followUp } = this.deps;
    let taken = 0;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const session =
        attempt === 0 && known ? known : await calls.getSession(callSid);
      if (!session) return undefined;
      const now = clock.now();
      const transition = await this.decide(
        session,
        event,
        now,
        attempt === 0 && taken === 0 ? seen : undefined,
      );
      const line = lineChange(session, transition, now);
      const writesAlert = transition.commands.some(c =>
        ALERT_COMMANDS.has(c.type),
      );
      const writesLine = line.entry || line.claim || line.release;
      if (transition.session === session.flow && !writesAlert && !writesLine) {
        // Nothing to store: only Twilio requests, if anything, to make.
        followUp(session, transition, event.type);
        return transition;
      }
      const advance = { session, flow: transition.session, at: new Date(now) };
      let change: AlertChange = 'none';
      let stored: boolean;
      try {
        stored =
          writesAlert || writesLine
            ? await withTransaction(async stores => {
                if (
                  !(await stores.calls.advance(
                    session,
                    advance.flow,
                    advance.at,
                  ))
                )
                  return false;
                change = await writeToAlert(
                  stores,
                  session.alertId,
                  transition,
                  advance.at,
                );
                await writeToLine(stores, session, line, now);
                return true;
              })
            : // One statement needs no transaction of its own, and shares one
              // with the other calls moving on at the same time.
              await this.advances.submit(advance);
      } catch (error) {
        if (!(error instanceof ResponderTaken)) throw error;
        if (++taken >= MAX_TAKEN) break;
        // Another call claimed the responder: that is no conflict of this
        // call's own, so it does not use up an attempt.
        attempt--;
        continue;
      }
      if (stored) {
        if (change !== 'none') this.signal(session, change);
        // A wake-up of the line's own that left the caller waiting does not
        // wake the line again (no loop when the line and the call disagree).
        if (line.moves && (event.type !== 'responder-free' || line.release)) {
          this.deps.lineMoved?.();
        }
        followUp(
          {
            ...session,
            flow: transition.session,
            version: session.version + 1,
          },
          transition,
          event.type,
        );
        return transition;
      }
    }
    throw new ConflictError(
      `Call ${callSid} changed too often to apply ${event.type}`,
    );
  }

  /**
   * The engine's transition, given who the line has free: worked out for
   * everyone free first; when it would ring someone new, again for the
   * responders free now; and when it still would, again for those free
   * after the callers ahead took theirs (read only then: in a burst most
   * callers find everyone busy, and the line behind them is long).
   * `seen`: who the line has free for the call, just read (the line's
   * wake-up): on a first try it is not read again.
   */
  private async decide(
    session: CallSession,
    event: CallEvent,
    now: number,
    seen?: LineAvailability,
  ): Promise<Transition> {
    const { line } = this.deps;
    const optimistic = step(session.flow, event, now);
    if (!ringsSomeoneNew(session.flow, optimistic)) return optimistic;
    if (seen) return step(session.flow, event, now, seen);
    const { busy, away } = await line.availability(now);
    // Fewer responders free never makes a caller ring who would wait.
    const forFree = step(session.flow, event, now, { unavailable: busy, away });
    if (!ringsSomeoneNew(session.flow, forFree)) return forFree;
    const ahead = await line.seeking({ aheadOf: session.callSid });
    if (ahead.length === 0) return forFree;
    return step(session.flow, event, now, {
      unavailable: unavailableTo(session.callSid, ahead, busy),
      away,
    });
  }

  /** After the commit: the alert changed. */
  private signal(session: CallSession, change: 'updated' | 'event') {
    const { signals, teamOf } = this.deps;
    if (!signals) return;
    const known = session.context.teamRef;
    if (known) {
      signals.publish(session.alertId, known, change);
      return;
    }
    void teamOf?.(session.alertId).then(
      teamRef => teamRef && signals.publish(session.alertId, teamRef, change),
      () => undefined,
    );
  }
}

/** The transition has the caller ring a responder they did not hold before. */
function ringsSomeoneNew(before: CallSessionState, transition: Transition) {
  const held = heldResponder(transition.session);
  return (
    transition.session.state === 'queued' &&
    held !== undefined &&
    held.userRef !== heldResponder(before)?.userRef
  );
}

/** What a transition did to its alert: its state, or only its timeline. */
type AlertChange = 'none' | 'updated' | 'event';

/** The alert side of the commands, in the transaction of the transition. */
async function writeToAlert(
  { alerts }: TransactionStores,
  alertId: string,
  { commands }: Transition,
  at: Date,
): Promise<AlertChange> {
  let change: AlertChange = 'none';
  for (const command of commands) {
    if (command.type === 'record') {
      await alerts.addEvent(alertId, {
        type: command.eventType,
        message: command.message,
        userRef: command.userRef,
        at,
      });
      if (change === 'none') change = 'event';
    } else if (command.type === 'acknowledge') {
      await alerts.acknowledge(alertId, command.userRef, at);
      change = 'updated';
    } else if (command.type === 'set-responders') {
      await alerts.setResponders(alertId, command.userRefs, at);
      change = 'updated';
    } else if (command.type === 'set-outcome') {
      await alerts.setOutcome(
        alertId,
        command.outcome,
        command.durationSeconds,
        at,
      );
      change = 'updated';
    } else if (command.type === 'close-alert') {
      // Somebody may have closed it by hand already: then nothing to add.
      if (await alerts.close(alertId, at)) {
        await alerts.addEvent(alertId, {
          type: 'closed',
          message: command.message,
          at,
        });
        change = 'updated';
      }
    }
  }
  return change;
}

/** The line's side of a transition (see `LineChange`). Pure. */
function lineChange(
  session: CallSession,
  transition: Transition,
  now: number,
): LineChange {
  const before = session.flow;
  const after = transition.session;
  const entryAfter = lineEntryOf(after, now);
  const entryBefore = lineEntryOf(before, now);
  // What was stored may predate a delay that is over by now.
  const delayOver =
    !before.leg &&
    before.waitingUntil !== undefined &&
    before.waitingUntil <= now;
  const entry =
    delayOver || JSON.stringify(entryBefore) !== JSON.stringify(entryAfter)
      ? { value: entryAfter }
      : undefined;
  const heldBefore = heldResponder(before);
  const heldAfter = heldResponder(after);
  const claim =
    heldAfter && heldAfter.userRef !== heldBefore?.userRef
      ? {
          userRef: heldAfter.userRef,
          // Taken by the responder's own choice: the browser, the next caller.
          force: after.state === 'connected',
          legSid: after.state === 'connected' ? after.answeredOn : undefined,
        }
      : undefined;
  const release =
    heldBefore && heldBefore.userRef !== heldAfter?.userRef
      ? heldBefore.userRef
      : undefined;
  const seeks = (entryAfter?.wants.length ?? 0) > 0;
  const sought = (entryBefore?.wants.length ?? 0) > 0;
  return {
    entry,
    claim,
    release,
    // A responder is free; a caller ahead left without taking the one the
    // line kept for them; or the caller waits now, and a responder given
    // back after they read the line would go unnoticed otherwise.
    moves: release !== undefined || (!claim && (seeks || sought)),
  };
}

/** The line side of a transition, in its transaction. */
async function writeToLine(
  { line }: TransactionStores,
  session: CallSession,
  change: LineChange,
  now: number,
) {
  if (change.release) await line.release(change.release, session.callSid);
  if (change.claim) {
    const { userRef, force, legSid } = change.claim;
    if (!(await line.claim(userRef, session.callSid, now, { force, legSid }))) {
      throw new ResponderTaken();
    }
  }
  if (change.entry) {
    await line.setEntry(lineCallOf(session, now), change.entry.value);
  }
}
