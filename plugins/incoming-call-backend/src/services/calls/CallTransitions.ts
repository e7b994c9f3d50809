import { ConflictError } from '@backstage/errors';
import type { CallStore, SessionAdvance } from '../../database/CallStore';
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

/** Concurrent updates of one call retry this often before giving up. */
const MAX_ATTEMPTS = 5;

/** The commands written to the alert, in the transaction of the transition. */
const ALERT_COMMANDS = new Set<CallCommand['type']>([
  'record',
  'acknowledge',
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
    },
  ) {
    this.advances = new Batcher(items => deps.calls.advanceMany(items));
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
      const stored = writesAlert
        ? await withTransaction(async stores => {
            if (
              !(await stores.calls.advance(session, advance.flow, advance.at))
            )
              return false;
            await writeToAlert(stores, session.alertId, transition, advance.at);
            return true;
          })
        : // One statement needs no transaction of its own, and shares one
          // with the other calls moving on at the same time.
          await this.advances.submit(advance);
      if (stored) {
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
}

/** The alert side of the commands, in the transaction of the transition. */
async function writeToAlert(
  { alerts }: TransactionStores,
  alertId: string,
  { commands }: Transition,
  at: Date,
) {
  for (const command of commands) {
    if (command.type === 'record') {
      await alerts.addEvent(alertId, {
        type: command.eventType,
        message: command.message,
        userRef: command.userRef,
        at,
      });
    } else if (command.type === 'acknowledge') {
      await alerts.acknowledge(alertId, command.userRef, at);
    } else if (command.type === 'close-alert') {
      await alerts.close(alertId, at);
    }
  }
}
