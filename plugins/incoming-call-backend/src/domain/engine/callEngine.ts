import type {
  AlertEventType,
  AlertOutcome,
  DialTier,
  PlannedUser,
  SkippedUser,
} from '@icr/plugin-incoming-call-common';
import type { AfterWelcome } from '../arrival/decideIncomingCall';
import {
  ALL_FREE,
  currentPass,
  dueSteps,
  type LineAvailability,
  triedSteps,
} from '../line/lineEntry';

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

/** A responder of the plan, and when in the call they may be rung. */
export interface DialStep extends PlannedUser {
  /** The number the responder is rung at (a planned user always has one). */
  phone: string;
  /** Seconds after their pass started before this responder may ring. */
  afterSeconds: number;
  /**
   * The escalation repeat this responder is rung in; absent in the first
   * pass, which starts when dialling does. A repeat starts once the pass
   * before it has run out, so it waits its rules' delays again.
   */
  pass?: number;
}

/** The dial plan's tiers as the steps a call goes through, in order. */
export function dialSteps(tiers: DialTier[]): DialStep[] {
  return tiers.flatMap(tier =>
    tier.users.flatMap(({ phone, ...user }) =>
      phone === undefined
        ? []
        : [
            {
              ...user,
              phone,
              afterSeconds: tier.delayMinutes * 60,
              ...(tier.pass > 0 && { pass: tier.pass }),
            },
          ],
    ),
  );
}

/** The responder leg being placed or ringing now (one at a time). */
export interface ResponderLeg {
  /** Index into the plan. */
  index: number;
  /** Counts requests to place this leg: a lost request is made again. */
  attempt: number;
  /** When the leg was requested, or placed once it has a SID (ms). */
  since: number;
  /** The outbound rate limit's slot for the request (ms), when it waits. */
  notBefore?: number;
  /** Twilio's call SID, once the leg is placed. */
  sid?: string;
  /**
   * The replica that was to request the leg stopped before it did (a
   * shutdown): it was never requested, so the sweep requests it at its slot
   * without first looking for it on Twilio.
   */
  handedOff?: boolean;
  /**
   * The responder picked up and hears the confirmation prompt: from then on
   * only hanging up ends the leg (Twilio ignores `canceled` once it is in
   * progress).
   */
  answered?: boolean;
}

/** A call in progress: the state and what the engine needs to go on. */
export interface CallSessionState {
  state: CallState;
  /** Who to try, in order. */
  plan: DialStep[];
  /**
   * The plan steps rung or passed over so far. A responder on another
   * call is waited for, so steps need not be tried in plan order.
   */
  tried?: number[];
  /** Sessions stored before the line tried the plan in order up to here. */
  next?: number;
  leg?: ResponderLeg;
  /** When the caller started waiting for responders (ms). */
  queuedAt?: number;
  /** When the first responder was dialled: delays count from here (ms). */
  dialStartedAt?: number;
  /** The next responder's delay runs until then (ms). */
  waitingUntil?: number;
  /** The escalation repeat being dialled, and when it started (ms). */
  repeat?: { pass: number; startedAt: number };
  /**
   * The responders (user refs) the caller waits for in the line: every
   * step they may ring now is a responder on another call.
   */
  waitingFor?: string[];
  /** The user the caller was connected to. */
  answeredBy?: string;
  /** They took the call in the browser, not on a phone leg. */
  answeredInBrowser?: boolean;
  /**
   * The call (responder leg or browser) that got the caller: a repeated
   * request from it (a Twilio retry) is answered the same way again.
   */
  answeredOn?: string;
  /** Whether the caller may leave a voicemail when nobody answers. */
  voicemail: boolean;
  /** The auto-attendant option the caller chose: responders hear it. */
  option?: { key: string; label: string };
  /** When the call arrived (ms); absent on calls stored before it was kept. */
  arrivedAt?: number;
  /**
   * Whether an answered call's alert closes when the call ends (otherwise it
   * stays acknowledged for follow-up); absent means it does.
   */
  closeWhenCallEnds?: boolean;
  /** When the sweep last found the caller still on the line (ms). */
  callerCheckedAt?: number;
}

/**
 * The first event of every call: it was accepted, and the caller heard the
 * welcome. `plan` is who to dial when the welcome leads to the queue.
 */
export interface CallArrived {
  type: 'call-arrived';
  from: string;
  to: string;
  /** The integration's name, for the alert. */
  integrationName: string;
  /** Where the welcome leads. */
  next: AfterWelcome['kind'];
  plan: DialStep[];
  /** Who the dial plan could not dial, and why. */
  skipped: SkippedUser[];
  /** Whether the caller may leave a voicemail when nobody answers. */
  voicemail: boolean;
  /** Whether an answered call's alert closes when the call ends. */
  closeWhenCallEnds: boolean;
}

/** What Twilio, the browser, the timers and the adapters report. */
export type CallEvent =
  /** Start dialling (right after the caller was queued). */
  | { type: 'start-dialling' }
  /**
   * The caller chose an auto-attendant option (`key` is what they pressed,
   * "" for nothing); `plan` is its dial plan, `skipped` who it cannot dial.
   */
  | {
      type: 'option-chosen';
      key: string;
      label: string;
      plan: DialStep[];
      skipped: SkippedUser[];
    }
  /**
   * The caller pressed a key that is no option, or nothing ("") (`final`:
   * the second time).
   */
  | { type: 'menu-miss'; digits: string; final: boolean }
  /** The outbound rate limit gave the leg's request a later slot (ms). */
  | { type: 'leg-scheduled'; index: number; attempt: number; at: number }
  /** The leg's slot of the outbound rate limit has come: place it, if still wanted. */
  | { type: 'leg-slot-came'; index: number; attempt: number }
  /** The adapter placed the leg for plan[index]. */
  | { type: 'leg-placed'; index: number; attempt: number; sid: string }
  /** Twilio refused to place the leg for plan[index]. */
  | { type: 'leg-failed'; index: number; attempt: number }
  /** The replica to request the leg is stopping: it leaves it to the sweep. */
  | { type: 'leg-handed-off'; index: number; attempt: number }
  /**
   * Looking for a leg whose request went unanswered, Twilio had a call to
   * the responder from the hotline since the request: `sid`, in `status`.
   */
  | {
      type: 'leg-found';
      index: number;
      attempt: number;
      sid: string;
      status: string;
    }
  /**
   * The leg plan[index] ended without anyone confirming on it. Legs are
   * matched by index: Twilio may report a leg before its SID is stored.
   */
  | { type: 'leg-ended'; index: number; sid: string; status: string }
  /**
   * The leg plan[index] is past its time without news (a lost callback, a
   * replica that stopped while placing it): place it again, or move on.
   */
  | { type: 'leg-overdue'; index: number; attempt: number }
  /** The responder on leg plan[index] picked up: ask them to confirm. */
  | { type: 'leg-answered'; index: number; sid: string }
  /** The responder on leg plan[index] pressed `digits` (maybe none). */
  | { type: 'responder-pressed'; index: number; sid: string; digits: string }
  /** A responder took the call in the browser; `sid` is the browser's call. */
  | {
      type: 'browser-pickup';
      userRef: string;
      displayName: string;
      sid: string;
    }
  /** The delay before the next responder is over. */
  | { type: 'delay-over' }
  /** A responder the caller waits for in the line may be free: look again. */
  | { type: 'responder-free' }
  /**
   * A responder back from another call (`sid`: their phone leg, still up)
   * took this caller as the next one: they are connected at once.
   */
  | {
      type: 'next-caller-taken';
      userRef: string;
      displayName: string;
      sid: string;
    }
  /**
   * The caller pressed the line's voicemail key at `position` in the line:
   * they leave the line for the voicemail.
   */
  | { type: 'caller-chose-voicemail'; position: number }
  /** The caller's own leg is over. */
  | { type: 'caller-ended'; durationSeconds: number }
  /**
   * The sweep asked Twilio about a caller not heard of for long (a lost
   * status callback, a number without one): `status` is the caller's call
   * status (`not-found` when Twilio knows no such call).
   */
  | { type: 'caller-status-checked'; status: string; durationSeconds: number }
  /**
   * The voice webhook gave up waiting for the database and answered the
   * call in degraded mode (a stateless dial of its own), yet the call was
   * stored: this session must dial nobody, or a responder rings twice.
   */
  | { type: 'answered-degraded' };

/** Twilio's call statuses of a call that is over (and `not-found`). */
export const FINAL_CALL_STATUSES: ReadonlySet<string> = new Set([
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
  'not-found',
]);

/** What the adapters must do, in order. */
export type CallCommand =
  /** Take the leg's slot of the outbound rate limit, then place it. */
  | { type: 'place-leg'; index: number; attempt: number; responder: DialStep }
  /** Place the leg now: its slot has come. */
  | { type: 'dial-leg'; index: number; attempt: number; responder: DialStep }
  /**
   * Place the leg again after a request that went unanswered, unless Twilio
   * has a call to the responder from the hotline since `since` (ms): then
   * that call is the leg (`leg-found`), and the responder rings once.
   */
  | {
      type: 'find-or-place-leg';
      index: number;
      attempt: number;
      responder: DialStep;
      since: number;
    }
  /** Stop a leg that is queued or ringing. */
  | { type: 'cancel-leg'; sid: string }
  /** Hang up a leg that was answered. */
  | { type: 'hang-up-leg'; sid: string }
  /** Move the caller out of the queue: to voicemail or "try later". */
  | { type: 'redirect-caller'; to: 'voicemail' | 'try-later' }
  | {
      type: 'record';
      eventType: AlertEventType;
      message: string;
      userRef?: string;
    }
  /** The call was answered by `userRef`: the alert is acknowledged by them. */
  | { type: 'acknowledge'; userRef: string }
  /** The users the call's dial plan rings (after a menu choice). */
  | { type: 'set-responders'; userRefs: string[] }
  /** The call is over: how it went and how long it lasted. */
  | { type: 'set-outcome'; outcome: AlertOutcome; durationSeconds: number }
  /** Close the alert (unless it is closed already); `message` for the timeline. */
  | { type: 'close-alert'; message: string }
  /**
   * Give back the outbound rate limit's slots the call holds for legs not
   * yet placed, so that later calls do not wait behind them.
   */
  | { type: 'release-slots' };

/**
 * What a responder who answers or tries to take the call gets; `ask`: they
 * answered, and are asked to confirm; `declined`: they pressed another key
 * than the one that accepts.
 */
export type PickupOutcome =
  | 'ask'
  | 'connected'
  | 'taken'
  | 'caller-gone'
  | 'declined';

export interface Transition {
  session: CallSessionState;
  commands: CallCommand[];
  /** For `leg-answered`, `responder-pressed` and `browser-pickup`. */
  pickup?: PickupOutcome;
}

/** How often a leg whose request went unanswered is requested in all. */
export const MAX_PLACE_ATTEMPTS = 2;

/** Statuses of a leg that is over, as Twilio reports them. */
const LEG_OVER_STATUSES: ReadonlySet<string> = new Set([
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
]);

/** The key a responder presses to take the call (their prompt says so). */
export const ACCEPT_KEY = '1';

const STATE_AFTER_WELCOME: Record<CallArrived['next'], CallState> = {
  queue: 'queued',
  menu: 'menu',
  voicemail: 'voicemail',
  'try-later': 'turned-away',
};

const unchanged = (session: CallSessionState): Transition => ({
  session,
  commands: [],
});

const record = (
  eventType: AlertEventType,
  message: string,
  userRef?: string,
): CallCommand => ({ type: 'record', eventType, message, userRef });

/**
 * When the pass `responder` is rung in started (ms): the first pass when
 * dialling did, a repeat when its first responder came up, i.e. once the
 * pass before it had run out.
 */
function passStart(
  session: CallSessionState,
  responder: DialStep,
  now: number,
): Pick<CallSessionState, 'repeat'> & { startedAt: number } {
  if (!responder.pass) {
    return { repeat: undefined, startedAt: session.dialStartedAt ?? now };
  }
  const repeat =
    session.repeat?.pass === responder.pass
      ? session.repeat
      : { pass: responder.pass, startedAt: now };
  return { repeat, startedAt: repeat.startedAt };
}

const names = (steps: { responder: DialStep }[]) => [
  ...new Set(steps.map(({ responder }) => responder.displayName)),
];

/**
 * Dials the first step of the current pass whose delay is over and whose
 * responder is free; waits in the line when they are all on other calls,
 * or for the next delay; passes over responders who stopped taking calls;
 * with nobody left, sends the caller on.
 */
function dialNext(
  session: CallSessionState,
  now: number,
  line: LineAvailability,
): Transition {
  const notes: CallCommand[] = [];
  let current = session;
  for (;;) {
    const pass = currentPass(current);
    if (pass.length === 0) break;
    const { repeat, startedAt } = passStart(current, pass[0].responder, now);
    const dueAt = (responder: DialStep) =>
      startedAt + responder.afterSeconds * 1000;
    const { due, next } = dueSteps(pass, dueAt, now);
    const away = due.filter(({ responder }) =>
      line.away.has(responder.userRef),
    );
    if (away.length > 0) {
      for (const { responder } of away) {
        notes.push(
          record(
            'responder-outcome',
            `${responder.displayName} stopped taking calls from the line: passed over`,
            responder.userRef,
          ),
        );
      }
      current = {
        ...current,
        repeat,
        tried: [...triedSteps(current), ...away.map(s => s.index)],
      };
      continue;
    }
    const free = due.find(
      ({ responder }) => !line.unavailable.has(responder.userRef),
    );
    if (free) {
      const { index, responder } = free;
      return {
        session: {
          ...current,
          repeat,
          tried: [...triedSteps(current), index],
          leg: { index, attempt: 1, since: now },
          waitingUntil: undefined,
          waitingFor: undefined,
        },
        commands: [
          ...notes,
          { type: 'place-leg', index, attempt: 1, responder },
          record(
            'responder-dialled',
            `Dialling ${responder.displayName} (${responder.reason})`,
            responder.userRef,
          ),
        ],
      };
    }
    const waitingUntil = next && dueAt(next.responder);
    if (due.length > 0) {
      // Everyone the caller may ring now is on another call: they wait in
      // the line, and the first of them to be free is theirs.
      const waitingFor = [
        ...new Set(due.map(({ responder }) => responder.userRef)),
      ];
      const before = current.waitingFor ?? [];
      const known =
        before.length === waitingFor.length &&
        waitingFor.every(u => before.includes(u));
      const busy = names(due);
      return {
        session: {
          ...current,
          repeat,
          leg: undefined,
          waitingUntil,
          waitingFor,
        },
        commands: known
          ? notes
          : [
              ...notes,
              record(
                'note',
                `Waiting in line: ${busy.join(', ')} ${
                  busy.length === 1 ? 'is' : 'are'
                } on another call`,
              ),
            ],
      };
    }
    const into = repeat ? `repeat ${repeat.pass}` : 'the call';
    const { responder } = next!;
    return {
      session: {
        ...current,
        repeat,
        leg: undefined,
        waitingUntil,
        waitingFor: undefined,
      },
      commands: [
        ...notes,
        record(
          'note',
          `Waiting until ${
            responder.afterSeconds / 60
          } min into ${into} to dial ${responder.displayName} (${
            responder.reason
          })`,
        ),
      ],
    };
  }
  const sent = sendOn(current, 'Nobody answered');
  return {
    session: sent.session,
    commands: [
      ...notes,
      {
        type: 'redirect-caller',
        to: sent.session.state === 'voicemail' ? 'voicemail' : 'try-later',
      },
      ...sent.commands,
    ],
  };
}

/**
 * With nobody (left) to dial, the caller leaves a voicemail, or with
 * voicemail off is asked to try later; `why` starts the timeline's note.
 * Whoever asks moves the caller there: a redirect out of the queue, or the
 * TwiML that answers the webhook (the welcome, the menu).
 */
function sendOn(session: CallSessionState, why: string): Transition {
  return {
    session: {
      ...session,
      state: session.voicemail ? 'voicemail' : 'turned-away',
      leg: undefined,
      waitingUntil: undefined,
      waitingFor: undefined,
    },
    commands: [
      record(
        'note',
        session.voicemail
          ? `${why}: the caller was asked to leave a voicemail`
          : `${why} and voicemail is off: the caller was asked to try again later`,
      ),
    ],
  };
}

/** Why a plan has nobody to dial, for the timeline. */
function nobodyToDial(skipped: SkippedUser[]): string {
  const reasons = skipped.length
    ? skipped.map(s => `${s.userRef} ${s.reason}`)
    : ['none of the recipients has anyone on call now'];
  return `Nobody can be dialled (${reasons.join('; ')})`;
}

/** Stops the responder's leg: cancelled while it rings, hung up once answered. */
const stopLeg = (leg: ResponderLeg & { sid: string }): CallCommand =>
  leg.answered
    ? { type: 'hang-up-leg', sid: leg.sid }
    : { type: 'cancel-leg', sid: leg.sid };

/** Whether plan[index]'s request `attempt` is the leg the call waits to place. */
const isUnplacedLeg = (
  session: CallSessionState,
  index: number,
  attempt: number,
) =>
  session.state === 'queued' &&
  session.leg?.index === index &&
  session.leg.attempt === attempt &&
  !session.leg.sid;

/** Whether an event about leg plan[index] (with `sid`) is about the current leg. */
const isCurrentLeg = (session: CallSessionState, index: number, sid: string) =>
  session.state === 'queued' &&
  session.leg?.index === index &&
  (!session.leg.sid || session.leg.sid === sid);

/** The leg ended without taking the call: record it and go on. */
function legOver(
  session: CallSessionState,
  now: number,
  line: LineAvailability,
  why: string,
  cancel: CallCommand[] = [],
): Transition {
  const responder = session.plan[session.leg!.index];
  const outcome = dialNext({ ...session, leg: undefined }, now, line);
  return {
    session: outcome.session,
    commands: [
      ...cancel,
      record(
        'responder-outcome',
        `${responder.displayName} did not take the call (${why})`,
        responder.userRef,
      ),
      ...outcome.commands,
    ],
  };
}

/** Somebody tried to take a call that is no longer waiting for them. */
function tooLate(session: CallSessionState, sid: string): Transition {
  if (session.answeredOn === sid) {
    return { ...unchanged(session), pickup: 'connected' };
  }
  const gone = session.state === 'ended' && !session.answeredBy;
  return { ...unchanged(session), pickup: gone ? 'caller-gone' : 'taken' };
}

/** The caller goes to whoever took the call first. */
function pickup(
  session: CallSessionState,
  by: { userRef: string; sid: string; inBrowser?: boolean },
  message: string,
): Transition {
  const { userRef } = by;
  return {
    session: {
      ...session,
      state: 'connected',
      answeredBy: userRef,
      answeredOn: by.sid,
      ...(by.inBrowser && { answeredInBrowser: true }),
      leg: undefined,
      waitingUntil: undefined,
      waitingFor: undefined,
    },
    commands: [
      record('answered', message, userRef),
      { type: 'acknowledge', userRef },
    ],
    pickup: 'connected',
  };
}

/**
 * Someone takes the caller other than on the call's own leg (the browser,
 * a responder back from another call): whoever is being rung for the
 * caller is no longer needed.
 */
function takeOver(
  session: CallSessionState,
  by: { userRef: string; sid: string; inBrowser?: boolean },
  message: string,
): Transition {
  if (session.state !== 'queued') return tooLate(session, by.sid);
  const outcome = pickup(session, by, message);
  const { leg } = session;
  if (leg?.sid) {
    return {
      ...outcome,
      commands: [stopLeg({ ...leg, sid: leg.sid }), ...outcome.commands],
    };
  }
  // A leg not placed yet holds a slot of the outbound rate.
  return leg
    ? { ...outcome, commands: [{ type: 'release-slots' }, ...outcome.commands] }
    : outcome;
}

/**
 * How long the call lasted: Twilio's `CallDuration` of the caller's leg,
 * or, when it says nothing (0), the time since the call arrived.
 */
function callDuration(
  session: CallSessionState,
  event: { durationSeconds: number },
  now: number,
): number {
  if (event.durationSeconds > 0) return Math.round(event.durationSeconds);
  const since = session.arrivedAt ?? session.queuedAt;
  return since === undefined
    ? 0
    : Math.max(0, Math.round((now - since) / 1000));
}

/**
 * How a call that is ending went: answered, left in the voicemail (the
 * alert stays open for someone to handle it), or ended before anyone
 * answered (in the queue, the menu, or told to try later).
 */
function outcomeOf(session: CallSessionState): AlertOutcome {
  if (session.answeredBy) return 'answered';
  if (session.state === 'voicemail') return 'voicemail';
  return 'abandoned';
}

/**
 * A call's first state and commands, at time `now` (ms): the state the
 * welcome leads to. A queued caller joins the line; dialling starts with
 * `start-dialling`, once the call is stored, when the line says who is
 * free. With nobody to dial, the welcome leads to the voicemail (or "try
 * later") itself, and the timeline says why. Pure.
 */
export function arrive(event: CallArrived, now: number): Transition {
  const state = STATE_AFTER_WELCOME[event.next];
  const arrived: CallSessionState = {
    state,
    plan: state === 'queued' ? event.plan : [],
    tried: [],
    queuedAt: now,
    voicemail: event.voicemail,
    arrivedAt: now,
    closeWhenCallEnds: event.closeWhenCallEnds,
  };
  const received = record(
    'call-received',
    `Call from ${event.from} to ${event.to} (${event.integrationName})`,
  );
  let then: Transition;
  if (event.next === 'voicemail' || event.next === 'try-later') {
    then = sendOn(arrived, 'Users to try is 0');
  } else if (state === 'queued' && event.plan.length === 0) {
    // Straight after the welcome, not by a redirect that would cut it off.
    then = sendOn(arrived, nobodyToDial(event.skipped));
  } else {
    then = unchanged(arrived);
  }
  return { session: then.session, commands: [received, ...then.commands] };
}

/**
 * The call engine: the next state of a call and the commands that get it
 * there, at time `now` (ms), given who the line has free (`line`;
 * everyone when absent). Pure; the same session, event, time and line
 * always give the same result, and an event that no longer applies (a
 * duplicate, a late callback) changes nothing.
 */
export function step(
  session: CallSessionState,
  event: CallEvent,
  now: number,
  line: LineAvailability = ALL_FREE,
): Transition {
  switch (event.type) {
    case 'start-dialling':
      return session.state === 'queued' && session.dialStartedAt === undefined
        ? dialNext({ ...session, dialStartedAt: now }, now, line)
        : unchanged(session);

    case 'option-chosen': {
      if (session.state !== 'menu') return unchanged(session);
      const chosen = record(
        'menu-choice',
        `The caller pressed ${event.key || 'nothing'}: ${event.label}`,
      );
      const queued: CallSessionState = {
        ...session,
        state: 'queued',
        plan: event.plan,
        tried: [],
        queuedAt: now,
        option: { key: event.key, label: event.label },
      };
      const responders: CallCommand = {
        type: 'set-responders',
        userRefs: [...new Set(event.plan.map(u => u.userRef))],
      };
      if (event.plan.length > 0) {
        return { session: queued, commands: [chosen, responders] };
      }
      const sent = sendOn(queued, nobodyToDial(event.skipped));
      return {
        session: sent.session,
        commands: [chosen, responders, ...sent.commands],
      };
    }

    case 'menu-miss':
      if (session.state !== 'menu') return unchanged(session);
      return {
        session: event.final ? { ...session, state: 'turned-away' } : session,
        commands: [
          record(
            'menu-choice',
            `${
              event.digits
                ? `The caller pressed ${event.digits}, which is not an option`
                : 'The caller pressed nothing'
            }: ${
              event.final
                ? 'the call was ended after the second try'
                : 'asked once more'
            }`,
          ),
        ],
      };

    case 'leg-scheduled':
      if (isUnplacedLeg(session, event.index, event.attempt)) {
        return unchanged({
          ...session,
          leg: { ...session.leg!, notBefore: event.at },
        });
      }
      // The caller left while the slot was being reserved: give it back.
      return session.state === 'queued'
        ? unchanged(session)
        : { session, commands: [{ type: 'release-slots' }] };

    case 'leg-slot-came': {
      if (!isUnplacedLeg(session, event.index, event.attempt)) {
        // The caller left, or the request was superseded meanwhile.
        return unchanged(session);
      }
      const { index, attempt } = event;
      return {
        session,
        commands: [
          {
            type: 'dial-leg',
            index,
            attempt,
            responder: session.plan[index],
          },
        ],
      };
    }

    case 'leg-placed': {
      const { leg } = session;
      if (leg?.sid === event.sid) return unchanged(session);
      if (!isUnplacedLeg(session, event.index, event.attempt)) {
        // The caller left, or the request was superseded: take it back.
        return { session, commands: [{ type: 'cancel-leg', sid: event.sid }] };
      }
      return unchanged({
        ...session,
        leg: {
          index: event.index,
          attempt: event.attempt,
          since: now,
          sid: event.sid,
        },
      });
    }

    case 'leg-failed':
      return isUnplacedLeg(session, event.index, event.attempt)
        ? legOver(session, now, line, 'failed')
        : unchanged(session);

    case 'leg-handed-off':
      return isUnplacedLeg(session, event.index, event.attempt)
        ? unchanged({
            ...session,
            leg: { ...session.leg!, handedOff: true },
          })
        : unchanged(session);

    case 'leg-found': {
      const over = LEG_OVER_STATUSES.has(event.status);
      if (session.leg?.sid === event.sid) return unchanged(session);
      if (!isUnplacedLeg(session, event.index, event.attempt)) {
        // The call no longer wants the leg: take it back while it rings.
        return over
          ? unchanged(session)
          : { session, commands: [{ type: 'cancel-leg', sid: event.sid }] };
      }
      if (over) return legOver(session, now, line, event.status);
      const responder = session.plan[event.index];
      return {
        session: {
          ...session,
          leg: {
            index: event.index,
            attempt: event.attempt,
            since: now,
            sid: event.sid,
          },
        },
        commands: [
          record(
            'note',
            `The request to dial ${responder.displayName} went unanswered, but the call was placed: it is not placed twice`,
            responder.userRef,
          ),
        ],
      };
    }

    case 'leg-ended':
      if (!isCurrentLeg(session, event.index, event.sid)) {
        return unchanged(session);
      }
      return legOver(
        session,
        now,
        line,
        session.leg!.answered
          ? `answered, but did not press ${ACCEPT_KEY}`
          : event.status,
      );

    case 'leg-overdue': {
      const { leg } = session;
      if (
        session.state !== 'queued' ||
        leg?.index !== event.index ||
        leg.attempt !== event.attempt
      )
        return unchanged(session);
      if (leg.sid) {
        return legOver(session, now, line, 'no answer in time', [
          stopLeg({ ...leg, sid: leg.sid }),
        ]);
      }
      const responder = session.plan[leg.index];
      const attempt = leg.attempt + 1;
      if (leg.handedOff) {
        // Never requested: request it now, as its replica would have.
        return {
          session: {
            ...session,
            leg: { index: leg.index, attempt, since: now },
          },
          commands: [
            { type: 'place-leg', index: leg.index, attempt, responder },
          ],
        };
      }
      if (leg.attempt >= MAX_PLACE_ATTEMPTS) {
        return legOver(session, now, line, 'the call could not be placed');
      }
      return {
        session: {
          ...session,
          leg: { index: leg.index, attempt, since: now },
        },
        commands: [
          {
            type: 'find-or-place-leg',
            index: leg.index,
            attempt,
            responder,
            since: leg.notBefore ?? leg.since,
          },
          record(
            'note',
            `Dialling ${responder.displayName} again: the first request went unanswered`,
            responder.userRef,
          ),
        ],
      };
    }

    case 'delay-over':
      return session.state === 'queued' &&
        session.waitingUntil !== undefined &&
        now >= session.waitingUntil
        ? dialNext({ ...session, waitingUntil: undefined }, now, line)
        : unchanged(session);

    case 'responder-free':
      if (session.state !== 'queued' || session.leg) return unchanged(session);
      // A caller whose dialling has not started yet (it joined the line
      // as it arrived) starts it: they may be at the head of the line.
      if (session.dialStartedAt === undefined) {
        return dialNext({ ...session, dialStartedAt: now }, now, line);
      }
      return session.waitingFor !== undefined
        ? dialNext(session, now, line)
        : unchanged(session);

    case 'next-caller-taken':
      return takeOver(
        session,
        { userRef: event.userRef, sid: event.sid },
        `${event.displayName} took the call as the next caller and was connected to the caller`,
      );

    case 'caller-chose-voicemail': {
      if (session.state !== 'queued' || !session.voicemail) {
        return unchanged(session);
      }
      const { leg } = session;
      return {
        session: {
          ...session,
          state: 'voicemail',
          leg: undefined,
          waitingUntil: undefined,
          waitingFor: undefined,
        },
        commands: [
          ...(leg?.sid ? [stopLeg({ ...leg, sid: leg.sid })] : []),
          ...(leg && !leg.sid ? [{ type: 'release-slots' } as const] : []),
          record(
            'note',
            `The caller left the line at position ${event.position} to leave a voicemail`,
          ),
        ],
      };
    }

    case 'leg-answered': {
      if (!isCurrentLeg(session, event.index, event.sid)) {
        // Their phone was to stop ringing: the caller left, or was taken.
        return tooLate(session, event.sid);
      }
      const leg = session.leg!;
      if (leg.answered) return { ...unchanged(session), pickup: 'ask' };
      return {
        // The leg's backstop now counts from the answer (see `timers`).
        session: {
          ...session,
          leg: { ...leg, sid: event.sid, since: now, answered: true },
        },
        commands: [],
        pickup: 'ask',
      };
    }

    case 'responder-pressed': {
      if (event.digits !== ACCEPT_KEY) {
        return { ...unchanged(session), pickup: 'declined' };
      }
      if (!isCurrentLeg(session, event.index, event.sid)) {
        return tooLate(session, event.sid);
      }
      const responder = session.plan[event.index];
      return pickup(
        session,
        { userRef: responder.userRef, sid: event.sid },
        `${responder.displayName} answered and was connected to the caller`,
      );
    }

    case 'browser-pickup':
      return takeOver(
        session,
        { userRef: event.userRef, sid: event.sid, inBrowser: true },
        `${event.displayName} took the call in the browser and was connected to the caller`,
      );

    case 'caller-status-checked': {
      if (session.state === 'ended') return unchanged(session);
      if (!FINAL_CALL_STATUSES.has(event.status)) {
        return unchanged({ ...session, callerCheckedAt: now });
      }
      const ended = step(
        session,
        { type: 'caller-ended', durationSeconds: event.durationSeconds },
        now,
      );
      return {
        session: ended.session,
        commands: [
          record(
            'note',
            `Twilio says the caller's call is ${event.status}: its hang-up was not reported`,
          ),
          ...ended.commands,
        ],
      };
    }

    case 'answered-degraded': {
      if (session.state === 'ended') return unchanged(session);
      const leg = session.state === 'queued' ? session.leg : undefined;
      return {
        session: {
          ...session,
          state: 'ended',
          leg: undefined,
          waitingUntil: undefined,
          waitingFor: undefined,
        },
        commands: [
          ...(leg?.sid ? [stopLeg({ ...leg, sid: leg.sid })] : []),
          ...(leg && !leg.sid ? [{ type: 'release-slots' } as const] : []),
          record(
            'note',
            'Answered in degraded mode (the database was late): this call dials nobody more from here',
          ),
        ],
      };
    }

    case 'caller-ended': {
      if (session.state === 'ended') return unchanged(session);
      const ringing = session.state === 'queued' ? session.leg : undefined;
      const durationSeconds = callDuration(session, event, now);
      const outcome = outcomeOf(session);
      const closes =
        outcome === 'abandoned' ||
        (outcome === 'answered' && session.closeWhenCallEnds !== false);
      return {
        session: {
          ...session,
          state: 'ended',
          leg: undefined,
          waitingUntil: undefined,
          waitingFor: undefined,
        },
        commands: [
          ...(ringing?.sid ? [stopLeg({ ...ringing, sid: ringing.sid })] : []),
          // A leg not placed yet holds a slot of the outbound rate.
          ...(ringing && !ringing.sid
            ? [{ type: 'release-slots' } as const]
            : []),
          session.state === 'queued'
            ? record(
                'caller-hung-up',
                `The caller hung up after ${durationSeconds} s, before anyone answered`,
              )
            : record(
                'call-ended',
                `The call ended after ${durationSeconds} s${
                  session.answeredBy
                    ? `; answered by ${session.answeredBy}`
                    : ''
                }`,
                session.answeredBy,
              ),
          { type: 'set-outcome', outcome, durationSeconds },
          ...(closes
            ? [
                {
                  type: 'close-alert',
                  message:
                    outcome === 'answered'
                      ? 'Closed: the answered call ended'
                      : 'Closed: nobody answered and the caller left',
                } as const,
              ]
            : []),
        ],
      };
    }

    default:
      return unchanged(session);
  }
}
