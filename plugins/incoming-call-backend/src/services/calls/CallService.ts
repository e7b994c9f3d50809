import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type { RoutingSnapshot } from '@icr/plugin-incoming-call-common';
import { isUniqueViolation } from '../../database/dataErrors';
import type { AlertStore } from '../../database/AlertStore';
import type { ArrivalStore } from '../../database/ArrivalStore';
import type { CallStore } from '../../database/CallStore';
import type { IntegrationStore } from '../../database/IntegrationStore';
import type { LineStore } from '../../database/LineStore';
import type { OutboundCallLimiter } from '../../database/OutboundCallLimiter';
import type { WithTransaction } from '../../database/transactions';
import type { IncomingCall } from '../../domain/arrival/arrivalRecord';
import {
  dialSteps,
  FINAL_CALL_STATUSES,
  type Transition,
} from '../../domain/engine/callEngine';
import type { CallSession } from '../../domain/engine/callSession';
import { overdueEvent } from '../../domain/engine/timers';
import { decideMenuChoice } from '../../domain/menu/decideMenuChoice';
import { voicemailMessage } from '../../domain/voicemail/byteRange';
import { mayTakeCall, userOfIdentity } from '../../domain/pickup/browserPickup';
import type { Clock } from '../../lib/clock';
import type { TwilioGateway } from '../../twilio/TwilioGateway';
import type { TwilioUrls } from '../../twilio/TwilioUrls';
import { responderBridgeTwiml } from '../../twilio/offerTwiml';
import {
  bridgeTwiml,
  confirmTwiml,
  enqueueTwiml,
  goodbyeTwiml,
  incomingCallTwiml,
  menuRetryTwiml,
  nobodyAnsweredTwiml,
  queueLeftTwiml,
  thankYouTwiml,
  tooLateTwiml,
} from '../../twilio/twiml';
import type { AlertSignals } from '../alerts/AlertSignals';
import type { LegRecorder } from '../usage/LegRecorder';
import type { RosterService } from '../RosterService';
import type { RoutingCache } from '../routing/RoutingCache';
import type { NotificationService } from '../notifications/NotificationService';
import { BackgroundWork } from './BackgroundWork';
import type { IncidentService } from '../incidents/IncidentService';
import { LineService } from '../line/LineService';
import { lineCallOf, lineEntryOf } from '../../domain/line/lineEntry';
import { CallArrivals } from './CallArrivals';
import { CallTransitions } from './CallTransitions';
import { CommandRunner } from './CommandRunner';

export interface CallServiceDeps {
  calls: CallStore;
  alerts: AlertStore;
  arrivals: ArrivalStore;
  integrations: IntegrationStore;
  /** The line of waiting callers and the responders busy in legs. */
  line: LineStore;
  withTransaction: WithTransaction;
  /** What calls are decided from, kept by this replica. */
  routing: RoutingCache;
  roster: RosterService;
  catalog: { snapshot(): Promise<RoutingSnapshot> };
  gateway: TwilioGateway;
  limiter: OutboundCallLimiter;
  /** The webhooks and signed links to uploaded audio, for TwiML. */
  urls: () => Promise<TwilioUrls>;
  logger: LoggerService;
  clock: Clock;
  /** Live updates of the alerts; none in some tests. */
  signals?: AlertSignals;
  /** Keeps each leg that is over for usage and analytics; none in some tests. */
  legs?: LegRecorder;
  /** Notifications of the people a call is routed to; none in some tests. */
  notifications?: NotificationService;
  /** Outage mode: groups a burst of calls under one incident; none in some tests. */
  incidents?: IncidentService;
  /**
   * How long a caller may go unheard of before the sweep asks Twilio
   * whether they are still there (s); 300 by default.
   */
  reconcileAfterSeconds?: number;
}

/** How long a status that came before its call is kept for it (ms). */
const EARLY_STATUS_KEPT_MS = 24 * 60 * 60 * 1000;

/**
 * Runs calls: turns what Twilio and the browser report into engine events
 * and answers with TwiML. Each event is stored with its transition (see
 * `CallTransitions`); the Twilio requests it leads to follow in the
 * background (see `CommandRunner`), so a webhook never waits on them.
 */
export class CallService {
  private readonly work: BackgroundWork;
  private readonly arrivals: CallArrivals;
  private readonly transitions: CallTransitions;
  private readonly commands: CommandRunner;
  /** The line of waiting callers: who gets a responder next. */
  readonly line: LineService;

  constructor(private readonly deps: CallServiceDeps) {
    this.work = new BackgroundWork(deps.logger, deps.clock);
    this.arrivals = new CallArrivals({ ...deps, early: deps.calls });
    this.transitions = new CallTransitions({
      ...deps,
      teamOf: async alertId => (await deps.alerts.get(alertId))?.teamRef,
      lineMoved: () =>
        this.work.run('The line: matching failed', () => this.line.match()),
      followUp: (session, transition, why) => {
        this.commands.followUp(session, transition, why);
        deps.notifications?.followCall(session, transition, why);
      },
    });
    this.commands = new CommandRunner({
      ...deps,
      work: this.work,
      apply: (callSid, event, known) =>
        this.transitions.apply(callSid, event, known),
    });
    this.line = new LineService({
      ...deps,
      apply: (callSid, event, seen) =>
        this.transitions.apply(callSid, event, undefined, seen),
    });
  }

  /**
   * The voice webhook: a call has arrived. Returns TwiML. A call whose
   * `signal` is aborted was answered in degraded mode meanwhile: stored
   * late, its session is ended at once (`answered-degraded`), so that
   * neither this replica nor a sweep dials its responders as well.
   */
  async answer(call: IncomingCall, signal?: AbortSignal): Promise<string> {
    const { decision, started, endedEarly } = await this.arrivals.open(call);
    if (started && endedEarly) {
      // The caller hung up before their call was stored: nobody is dialled.
      await this.transitions.apply(
        call.callSid,
        { type: 'caller-ended', durationSeconds: endedEarly.durationSeconds },
        started.session,
      );
    } else if (started && signal?.aborted) {
      await this.transitions.apply(
        call.callSid,
        { type: 'answered-degraded' },
        started.session,
      );
    } else if (started) {
      this.commands.followUp(
        started.session,
        started.transition,
        'start-dialling',
      );
      this.deps.notifications?.followCall(
        started.session,
        started.transition,
        'call-arrived',
      );
      const { session, transition } = started;
      if (transition.session.state === 'queued') {
        // The caller joins the line before the welcome ends, seeking the
        // responders they may ring once dialling starts: their place is
        // kept from now (a caller after them cannot take those first) and
        // their wait document says it. The first of them free rings (a
        // sweep starts it if this replica stops first).
        const now = this.deps.clock.now();
        const joined = {
          ...transition.session,
          dialStartedAt: transition.session.queuedAt ?? now,
        };
        const entry = lineEntryOf(joined, now);
        if (entry) {
          await this.deps.line.join(
            lineCallOf({ ...session, flow: joined }, now),
            entry,
          );
        }
        this.work.run(`Call ${call.callSid}: start-dialling failed`, () =>
          this.transitions.apply(call.callSid, { type: 'start-dialling' }),
        );
      }
      // Given up on in the same turn as the store completed: the degraded
      // answer is what the caller gets, so the session stops dialling.
      signal?.addEventListener(
        'abort',
        () =>
          this.work.run(`Call ${call.callSid}: answered-degraded failed`, () =>
            this.answeredDegraded(call.callSid),
          ),
        { once: true },
      );
    }
    return incomingCallTwiml(decision, await this.deps.urls());
  }

  /**
   * A call answered in degraded mode turned out to be stored (the write-back
   * found its session): the session ends and dials nobody more.
   */
  async answeredDegraded(callSid: string): Promise<void> {
    await this.transitions.apply(callSid, { type: 'answered-degraded' });
  }

  /**
   * The caller pressed a key (or nothing) in the auto-attendant. The menu
   * and its option's responders come from the routing view, as arrivals do.
   */
  async menuChoice(
    callSid: string,
    digits: string,
    attempt: number,
  ): Promise<string> {
    const { routing, roster, clock } = this.deps;
    const session = await this.session(callSid);
    const { language, dialledNumber } = session.context;
    const view = await routing.view([dialledNumber]);
    const integration = view.integrationOf(dialledNumber);
    if (integration?.id !== session.integrationId) {
      return goodbyeTwiml(language);
    }
    const { autoAttendant, usersToTry } = integration.config;
    const choice = decideMenuChoice(autoAttendant, digits, attempt);
    const urls = await this.deps.urls();
    if (choice.kind === 'option') {
      const plan = (await roster.plannerWith(view.overrides))(
        choice.option.recipients,
        usersToTry,
        new Date(clock.now()),
        // The caller's alert rule adds its recipients to every option.
        session.context.alertRule,
      );
      const chosen = await this.transitions.apply(
        callSid,
        {
          type: 'option-chosen',
          key: digits,
          label: choice.option.label,
          plan: dialSteps(plan.tiers),
          skipped: plan.skipped,
        },
        session,
      );
      const state = chosen?.session.state;
      if (state === 'voicemail' || state === 'turned-away') {
        // The option has nobody to dial.
        return nobodyAnsweredTwiml(
          state === 'voicemail' ? 'voicemail' : 'try-later',
          language,
          session.context.voicemailPrompt,
          urls,
        );
      }
      this.work.run(`Call ${callSid}: start-dialling failed`, () =>
        this.transitions.apply(callSid, { type: 'start-dialling' }),
      );
      return enqueueTwiml(
        session.context.queue,
        integration.config.holdMusic,
        urls,
      );
    }
    await this.transitions.apply(
      callSid,
      { type: 'menu-miss', digits, final: choice.kind === 'give-up' },
      session,
    );
    return choice.kind === 'retry'
      ? menuRetryTwiml(language, autoAttendant.prompt, urls, choice.noInput)
      : goodbyeTwiml(language);
  }

  /**
   * A responder picked up leg plan[index]: tell them who is calling and ask
   * them to confirm, unless the call no longer wants them.
   */
  async responderAnswered(
    callSid: string,
    index: number,
    legSid: string,
  ): Promise<string> {
    const session = await this.session(callSid);
    const transition = await this.transitions.apply(
      callSid,
      { type: 'leg-answered', index, sid: legSid },
      session,
    );
    if (transition?.pickup !== 'ask') {
      return this.pickupTwiml(session, transition, index);
    }
    const { context } = session;
    return confirmTwiml(
      context.language,
      {
        team: context.teamName,
        callerNumber: context.callerNumber,
        option: transition.session.option?.label,
      },
      { callSid, index },
      await this.deps.urls(),
    );
  }

  /** A responder pressed a key: the engine says whether they get the caller. */
  async responderConfirmed(
    callSid: string,
    index: number,
    legSid: string,
    digits: string,
  ): Promise<string> {
    const session = await this.session(callSid);
    const transition = await this.transitions.apply(
      callSid,
      { type: 'responder-pressed', index, sid: legSid, digits },
      session,
    );
    return this.pickupTwiml(session, transition, index);
  }

  /**
   * A responder's browser connected to take the call of `alertId`. Only the
   * team's members and the people its plan would ring may; the identity
   * comes from a token the API minted for a signed-in user.
   */
  async browserPickup(
    alertId: string,
    identity: string,
    browserCallSid: string,
  ): Promise<string> {
    const session = await this.deps.calls.getByAlert(alertId);
    const integration =
      session && (await this.deps.integrations.getById(session.integrationId));
    const user = userOfIdentity(await this.deps.catalog.snapshot(), identity);
    if (
      !session ||
      !integration ||
      !user ||
      !mayTakeCall(
        user,
        integration.teamRef,
        session.flow.plan.map(s => s.userRef),
      )
    ) {
      this.deps.logger.warn(
        `Refused browser pickup of alert ${alertId} by client ${identity}`,
      );
      return goodbyeTwiml(session?.context.language ?? 'en-US');
    }
    const transition = await this.transitions.apply(session.callSid, {
      type: 'browser-pickup',
      userRef: user.ref,
      displayName: user.displayName,
      sid: browserCallSid,
    });
    return this.pickupTwiml(session, transition);
  }

  /**
   * What the responder hears next; one on a phone leg (plan[`legIndex`])
   * is offered the next caller once this one hangs up.
   */
  private async pickupTwiml(
    session: CallSession,
    transition?: Transition,
    legIndex?: number,
  ) {
    const { language, queue } = session.context;
    switch (transition?.pickup) {
      case 'connected':
        return legIndex === undefined
          ? bridgeTwiml(queue)
          : responderBridgeTwiml(
              queue,
              { callSid: session.callSid, index: legIndex },
              await this.deps.urls(),
            );
      case 'declined':
        return goodbyeTwiml(language);
      case 'caller-gone':
        return tooLateTwiml(language, 'callerGone');
      default:
        return tooLateTwiml(language, 'taken');
    }
  }

  async legEnded(
    callSid: string,
    index: number,
    legSid: string,
    status: string,
    durationSeconds = 0,
  ): Promise<void> {
    const transition = await this.transitions.apply(callSid, {
      type: 'leg-ended',
      index,
      sid: legSid,
      status,
    });
    if (FINAL_CALL_STATUSES.has(status)) {
      // The responder is off the phone: free, unless the call rings them
      // again on a new leg (they are in its plan twice).
      const flow = transition?.session;
      const userRef = flow?.plan[index]?.userRef;
      const ringsAgain =
        flow?.state === 'queued' &&
        flow.leg !== undefined &&
        flow.plan[flow.leg.index].userRef === userRef;
      await this.line.legOver(
        legSid,
        userRef && !ringsAgain ? { userRef, callSid } : undefined,
      );
    }
    // After the responder is free: the next caller's leg does not wait for it.
    if (transition) {
      await this.deps.legs?.legEnded(callSid, transition.session, {
        index,
        legSid,
        status,
        durationSeconds,
      });
    }
  }

  /**
   * Twilio's `<Enqueue action>`: the caller left their queue. Hung up (or
   * the queue failed them): the call is over. Bridged: the call ends with
   * this answer. Redirected (to the voicemail, "try later"): it goes on.
   */
  async callerLeftQueue(
    callSid: string,
    result: string | undefined,
  ): Promise<string> {
    if (result !== 'redirected' && result !== 'leave') {
      await this.callerEnded(callSid, 0);
    }
    if (result === 'leave') {
      // They chose the voicemail in the line (`chooseVoicemail`).
      const session = await this.deps.calls.getSession(callSid);
      if (session?.flow.state === 'voicemail') {
        return nobodyAnsweredTwiml(
          'voicemail',
          session.context.language,
          session.context.voicemailPrompt,
          await this.deps.urls(),
        );
      }
    }
    return queueLeftTwiml();
  }

  /**
   * A caller waiting in the line pressed its voicemail key: they leave the
   * line for the voicemail, their place on the timeline. False when they
   * are not in the line (any more) or their call has no voicemail.
   */
  async chooseVoicemail(callSid: string): Promise<boolean> {
    const place = await this.deps.line.position(callSid);
    if (!place) return false;
    const transition = await this.transitions.apply(callSid, {
      type: 'caller-chose-voicemail',
      position: place.position,
    });
    return transition?.session.state === 'voicemail';
  }

  /**
   * The caller's leg is over (`status`, final). Before their session is
   * stored (the voice webhook's work under way) the status is kept, and
   * applied when it is.
   */
  async callerEnded(
    callSid: string,
    durationSeconds: number,
    status = 'completed',
  ): Promise<void> {
    const event = { type: 'caller-ended', durationSeconds } as const;
    if (await this.transitions.apply(callSid, event)) return;
    await this.deps.calls.keepEarlyStatus({
      callSid,
      status,
      durationSeconds,
      at: new Date(this.deps.clock.now()),
    });
    // The session may have been stored meanwhile, without seeing the status.
    await this.transitions.apply(callSid, event);
  }

  /**
   * Fires the calls' timers that are due: a responder's delay that is over
   * (its in-process timer died with a replica), a leg Twilio went silent
   * about, dialling that never started. Run often on a schedule, once
   * across replicas; the versioned apply makes each event count once.
   */
  async sweep(): Promise<void> {
    // A replica shutting down leaves the sweep to the others.
    if (this.work.stopped) return;
    await this.reconcile();
    await this.line.sweep();
    const now = this.deps.clock.now();
    for (const session of await this.deps.calls.due(now)) {
      const event = overdueEvent(
        session.flow,
        now,
        session.context.ringTimeoutSeconds,
      );
      if (event) {
        await this.transitions
          .apply(session.callSid, event)
          .catch(error =>
            this.deps.logger.error(
              `Call ${session.callSid}: ${event.type} failed`,
              error,
            ),
          );
      }
    }
  }

  /**
   * Asks Twilio about callers not heard of for longer than
   * `reconcileAfterSeconds` (a lost status callback, a number without
   * one): a caller who is gone ends the call, its legs and its slots.
   */
  private async reconcile(): Promise<void> {
    const { calls, gateway, clock, logger } = this.deps;
    const now = clock.now();
    const bound = (this.deps.reconcileAfterSeconds ?? 300) * 1000;
    await calls.forgetEarlyStatuses(now - EARLY_STATUS_KEPT_MS);
    for (const session of await calls.stale(now - bound)) {
      try {
        const { status, durationSeconds } = await gateway.callStatus(
          session.callSid,
        );
        await this.transitions.apply(session.callSid, {
          type: 'caller-status-checked',
          status,
          durationSeconds,
        });
      } catch (error) {
        logger.warn(
          `Call ${session.callSid}: could not check the caller's status: ${error}`,
        );
      }
    }
  }

  /**
   * Resolves when the Twilio work started so far is done (tests, shutdown),
   * or after `budgetMs` at the latest; says whether it all finished.
   */
  idle(budgetMs?: number): Promise<boolean> {
    return this.work.idle(budgetMs);
  }

  /**
   * Shutdown: this replica places no more legs. Legs waiting for their
   * rate-limit slot are handed to the database (`leg-handed-off`) for the
   * sweep of a live replica, its timers stop, and webhooks are still
   * answered as before until the process exits.
   */
  stop(): void {
    this.work.stop();
  }

  /** After the caller's voicemail recording: thanks, in their language. */
  async voicemailDone(callSid: string): Promise<string> {
    const session = await this.deps.calls.getSession(callSid);
    return thankYouTwiml(session?.context.language ?? 'en-US');
  }

  /** A voicemail recording is ready: its link goes on the alert, once. */
  async recordingCompleted(recording: {
    callSid: string;
    recordingSid: string;
    url: string;
    durationSeconds: number;
    at: Date;
  }): Promise<void> {
    const { calls, alerts } = this.deps;
    const session = await calls.getSession(recording.callSid);
    if (!session) return;
    // The recording SID (34 characters) is the event's idempotency key.
    const id = recording.recordingSid;
    if (await alerts.hasEvent(id)) return;
    try {
      await alerts.addEvent(session.alertId, {
        id,
        type: 'voicemail',
        // The recording plays through GET /alerts/:id/voicemail, not its URL.
        message: voicemailMessage(recording.durationSeconds),
        at: recording.at,
      });
    } catch (error) {
      // A duplicate arriving at the same instant lost the race for the
      // unique id: the note is there, which is all it asked for.
      if (isUniqueViolation(error) && (await alerts.hasEvent(id))) return;
      throw error;
    }
  }

  private async session(callSid: string): Promise<CallSession> {
    const session = await this.deps.calls.getSession(callSid);
    if (!session) throw new ConflictError(`No call ${callSid} is in progress`);
    return session;
  }
}
