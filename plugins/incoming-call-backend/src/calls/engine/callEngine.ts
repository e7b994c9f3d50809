import type {
  AlertEventType,
  PlannedUser,
} from '@icr/plugin-incoming-call-common';

/**
 * Where a caller's leg is: held while responders are dialled, connected to
 * one, leaving a voicemail, told to try later, or over.
 */
export type CallState =
  | 'menu'
  | 'queued'
  | 'connected'
  | 'voicemail'
  | 'turned-away'
  | 'ended';

/** The responder leg ringing now (one at a time). */
export interface ResponderLeg {
  /** Index into the plan. */
  index: number;
  /** Twilio's call SID, once the leg is placed. */
  sid?: string;
}

/** A call in progress: the state and what the engine needs to go on. */
export interface CallSessionState {
  state: CallState;
  /** Who to try, in order (the dial plan, flattened). */
  plan: PlannedUser[];
  /** The next index of the plan to dial. */
  next: number;
  leg?: ResponderLeg;
  /** The user the caller was connected to. */
  answeredBy?: string;
  /** Whether the caller may leave a voicemail when nobody answers. */
  voicemail: boolean;
}

/** What Twilio, the timers and the adapters report about a call. */
export type CallEvent =
  /** Start dialling (right after the caller was queued). */
  | { type: 'start-dialling' }
  /** The caller chose an auto-attendant option; `plan` is its dial plan. */
  | { type: 'option-chosen'; key: string; label: string; plan: PlannedUser[] }
  /** The caller pressed a key that is no option (`final`: the second time). */
  | { type: 'menu-miss'; digits: string; final: boolean }
  /** The adapter placed the leg for plan[index]. */
  | { type: 'leg-placed'; index: number; sid: string }
  /**
   * The leg plan[index] ended without anyone confirming on it. Legs are
   * matched by index: Twilio may report a leg before its SID is stored.
   */
  | { type: 'leg-ended'; index: number; sid: string; status: string }
  /**
   * The leg plan[index] heard nothing back from Twilio in time (a lost
   * callback, or a crash while it was placed): hang it up and move on.
   */
  | { type: 'leg-overdue'; index: number }
  /** The responder on leg plan[index] pressed the key that accepts the call. */
  | { type: 'leg-confirmed'; index: number; sid: string }
  /** The caller's own leg is over. */
  | { type: 'caller-ended'; durationSeconds: number };

/** What the adapters must do, in order. */
export type CallCommand =
  | { type: 'place-leg'; index: number; responder: PlannedUser }
  | { type: 'cancel-leg'; sid: string }
  /** Move the caller out of the queue: to voicemail or "try later". */
  | { type: 'redirect-caller'; to: 'voicemail' | 'try-later' }
  | {
      type: 'record';
      eventType: AlertEventType;
      message: string;
      userRef?: string;
    }
  | { type: 'acknowledge'; userRef: string }
  | { type: 'close-alert' };

export interface Transition {
  session: CallSessionState;
  commands: CallCommand[];
  /** For `leg-confirmed`: whether this responder got the caller. */
  connected?: boolean;
}

const unchanged = (session: CallSessionState): Transition => ({
  session,
  commands: [],
});

/** Dials plan[next], or, with nobody left, sends the caller on. */
function dialNext(session: CallSessionState): Transition {
  const responder = session.plan[session.next];
  if (responder) {
    return {
      session: {
        ...session,
        next: session.next + 1,
        leg: { index: session.next },
      },
      commands: [
        { type: 'place-leg', index: session.next, responder },
        {
          type: 'record',
          eventType: 'responder-dialled',
          message: `Dialling ${responder.displayName} (${responder.reason})`,
          userRef: responder.userRef,
        },
      ],
    };
  }
  const to = session.voicemail ? 'voicemail' : 'try-later';
  return {
    session: {
      ...session,
      state: to === 'voicemail' ? 'voicemail' : 'turned-away',
      leg: undefined,
    },
    commands: [
      { type: 'redirect-caller', to },
      {
        type: 'record',
        eventType: 'note',
        message:
          to === 'voicemail'
            ? 'Nobody answered: the caller was asked to leave a voicemail'
            : 'Nobody answered and voicemail is off: the caller was asked to try again later',
      },
    ],
  };
}

const isCurrentLeg = (session: CallSessionState, index: number) =>
  session.leg?.index === index;

/**
 * The call engine: the next state of a call and the commands that get it
 * there. Pure; the same session and event always give the same result, and
 * an event that no longer applies (a duplicate, a late callback) changes
 * nothing.
 */
export function step(session: CallSessionState, event: CallEvent): Transition {
  switch (event.type) {
    case 'start-dialling':
      return session.state === 'queued' && !session.leg && session.next === 0
        ? dialNext(session)
        : unchanged(session);

    case 'option-chosen':
      if (session.state !== 'menu') return unchanged(session);
      return {
        session: { ...session, state: 'queued', plan: event.plan, next: 0 },
        commands: [
          {
            type: 'record',
            eventType: 'menu-choice',
            message: `The caller pressed ${event.key}: ${event.label}`,
          },
        ],
      };

    case 'menu-miss':
      if (session.state !== 'menu') return unchanged(session);
      return {
        session: event.final ? { ...session, state: 'turned-away' } : session,
        commands: [
          {
            type: 'record',
            eventType: 'menu-choice',
            message: `The caller pressed ${
              event.digits || 'nothing'
            }, which is not an option${
              event.final
                ? ', for the second time: the call was ended'
                : ': asked once more'
            }`,
          },
        ],
      };

    case 'leg-placed':
      if (session.leg?.index !== event.index || session.leg.sid)
        return unchanged(session);
      if (session.state !== 'queued') {
        // The caller left while the leg was being placed: take it back.
        return { session, commands: [{ type: 'cancel-leg', sid: event.sid }] };
      }
      return unchanged({ ...session, leg: { ...session.leg, sid: event.sid } });

    case 'leg-ended': {
      if (session.state !== 'queued' || !isCurrentLeg(session, event.index)) {
        return unchanged(session);
      }
      const responder = session.plan[event.index];
      const outcome = dialNext({ ...session, leg: undefined });
      return {
        session: outcome.session,
        commands: [
          {
            type: 'record',
            eventType: 'responder-outcome',
            message: `${responder.displayName} did not take the call (${event.status})`,
            userRef: responder.userRef,
          },
          ...outcome.commands,
        ],
      };
    }

    case 'leg-overdue': {
      if (session.state !== 'queued' || session.leg?.index !== event.index) {
        return unchanged(session);
      }
      const { sid } = session.leg;
      const responder = session.plan[event.index];
      const outcome = dialNext({ ...session, leg: undefined });
      return {
        session: outcome.session,
        commands: [
          ...(sid ? [{ type: 'cancel-leg' as const, sid }] : []),
          {
            type: 'record',
            eventType: 'responder-outcome',
            message: `${responder.displayName} did not take the call (no answer in time)`,
            userRef: responder.userRef,
          },
          ...outcome.commands,
        ],
      };
    }

    case 'leg-confirmed': {
      if (session.state !== 'queued' || !isCurrentLeg(session, event.index)) {
        return { ...unchanged(session), connected: false };
      }
      const responder = session.plan[event.index];
      return {
        session: {
          ...session,
          state: 'connected',
          answeredBy: responder.userRef,
        },
        commands: [
          {
            type: 'record',
            eventType: 'answered',
            message: `${responder.displayName} answered and was connected to the caller`,
            userRef: responder.userRef,
          },
          { type: 'acknowledge', userRef: responder.userRef },
        ],
        connected: true,
      };
    }

    case 'caller-ended': {
      if (session.state === 'ended') return unchanged(session);
      const ringing = session.state === 'queued' && session.leg?.sid;
      return {
        session: { ...session, state: 'ended', leg: undefined },
        commands: [
          ...(ringing
            ? [{ type: 'cancel-leg' as const, sid: session.leg!.sid! }]
            : []),
          session.state === 'queued'
            ? {
                type: 'record' as const,
                eventType: 'caller-hung-up' as const,
                message: `The caller hung up after ${event.durationSeconds} s, before anyone answered`,
              }
            : {
                type: 'record' as const,
                eventType: 'call-ended' as const,
                message: `The call ended after ${event.durationSeconds} s${
                  session.answeredBy
                    ? `; answered by ${session.answeredBy}`
                    : ''
                }`,
              },
          { type: 'close-alert' },
        ],
      };
    }

    default:
      return unchanged(session);
  }
}

/** How long a leg may go without news beyond its ring timeout. */
export const LEG_GRACE_SECONDS = 30;
/** How long a queued call may wait for its first leg. */
export const START_GRACE_SECONDS = 10;

/**
 * The event a call that has not moved for `idleSeconds` is owed, if any: a
 * queued call never dialled (its process stopped) starts dialling; a leg
 * silent past its ring timeout is overdue.
 */
export function overdueEvent(
  session: CallSessionState,
  idleSeconds: number,
  ringTimeoutSeconds: number,
): CallEvent | undefined {
  if (session.state !== 'queued') return undefined;
  if (!session.leg) {
    return session.next === 0 && idleSeconds >= START_GRACE_SECONDS
      ? { type: 'start-dialling' }
      : undefined;
  }
  return idleSeconds >= ringTimeoutSeconds + LEG_GRACE_SECONDS
    ? { type: 'leg-overdue', index: session.leg.index }
    : undefined;
}
