import { ConflictError } from '@backstage/errors';
import type { CallStore, SessionAdvance } from '../../database/CallStore';
import { isDataError } from '../../database/dataErrors';
import type {
  TransactionStores,
  WithTransaction,
} from '../../database/transactions';
import {
  type CallCommand,
  type CallEvent,
  step,
  type Transition,
} from '../../domain/engine/callEngine';
import type { CallSession } from '../../domain/engine/callSession';
import { Batcher } from '../../lib/Batcher';
import type { Clock } from '../../lib/clock';
import type { AlertSignals } from '../alerts/AlertSignals';

/** Concurrent updates of one call retry this often before giving up. */
const MAX_ATTEMPTS = 5;

/** The commands written to the alert, in the transaction of the transition. */
const ALERT_COMMANDS = new Set<CallCommand['type']>([
  'record',
  'acknowledge',
  'set-responders',
  'set-outcome',
  'close-alert',
]);

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
  ): Promise<Transition | undefined> {
    const { calls, withTransaction, clock, followUp } = this.deps;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const session =
        attempt === 0 && known ? known : await calls.getSession(callSid);
      if (!session) return undefined;
      const now = clock.now();
      const transition = step(session.flow, event, now);
      const writesAlert = transition.commands.some(c =>
        ALERT_COMMANDS.has(c.type),
      );
      if (transition.session === session.flow && !writesAlert) {
        // Nothing to store: only Twilio requests, if anything, to make.
        followUp(session, transition, event.type);
        return transition;
      }
      const advance = { session, flow: transition.session, at: new Date(now) };
      let change: AlertChange = 'none';
      const stored = writesAlert
        ? await withTransaction(async stores => {
            if (
              !(await stores.calls.advance(session, advance.flow, advance.at))
            )
              return false;
            change = await writeToAlert(
              stores,
              session.alertId,
              transition,
              advance.at,
            );
            return true;
          })
        : // One statement needs no transaction of its own, and shares one
          // with the other calls moving on at the same time.
          await this.advances.submit(advance);
      if (stored) {
        if (change !== 'none') this.signal(session, change);
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
