import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type { RoutingSnapshot } from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TwimlUrls } from '../../twilio/TwilioUrls';
import type { RosterService } from '../RosterService';
import { AlertStore } from '../../database/AlertStore';
import type { IntegrationStore } from '../../database/IntegrationStore';
import { Batcher } from '../../lib/Batcher';
import { CallOpenings, type IncomingCall } from './CallArrivals';
import type { RoutingCache } from '../routing/RoutingCache';
import { type CallSession, CallStore, type SessionAdvance } from '../../database/CallStore';
import { decideMenuChoice } from '../../domain/arrival/decideIncomingCall';
import { mayTakeCall, userOfIdentity } from '../../domain/pickup/browserPickup';
import {
  type CallCommand,
  type CallEvent,
  type CallSessionState,
  dialSteps,
  type Transition,
  step,
} from '../../domain/engine/callEngine';
import { overdueEvent } from '../../domain/engine/timers';
import type { OutboundCallLimiter } from '../../database/OutboundCallLimiter';
import type { TwilioGateway } from '../../twilio/TwilioGateway';
import {
  bridgeTwiml,
  confirmTwiml,
  enqueueTwiml,
  goodbyeTwiml,
  holdMusicTwiml,
  incomingCallTwiml,
  menuRetryTwiml,
  nobodyAnsweredTwiml,
  tooLateTwiml,
} from '../../twilio/twiml';

/** Concurrent updates of one call retry this often before giving up. */
const MAX_ATTEMPTS = 5;
/** The commands carried out through Twilio, after the transition is stored. */
const TWILIO_COMMANDS = new Set<CallCommand['type']>([
  'place-leg',
  'cancel-leg',
  'redirect-caller',
]);
/** The commands written to the alert, in the transaction of the transition. */
const ALERT_COMMANDS = new Set<CallCommand['type']>([
  'record',
  'acknowledge',
  'close-alert',
]);
/** A leg that waits longer than this for its slot notes the slot first. */
const NOTE_SLOT_AFTER_MS = 5_000;

/** The alert side of the commands, in the transaction of the transition. */
async function writeToAlert(
  tx: Knex,
  alertId: string,
  commands: CallCommand[],
  at: Date,
) {
  const alerts = new AlertStore(tx);
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

export interface CallHandlerDeps {
  db: Knex;
  integrations: IntegrationStore;
  /** What arriving calls are decided from, kept by this replica. */
  routing: RoutingCache;
  roster: RosterService;
  catalog: { snapshot(): Promise<RoutingSnapshot> };
  gateway: TwilioGateway;
  limiter: OutboundCallLimiter;
  webhookBaseUrl: () => Promise<string>;
  /** The webhook root and signed links to uploaded audio, for TwiML. */
  twimlUrls: () => Promise<TwimlUrls>;
  logger: LoggerService;
  /** The clock (ms); tests move it on. */
  now?: () => number;
}

/**
 * Runs calls: turns what Twilio reports into engine events, stores each
 * transition under optimistic versioning (any replica may take any
 * webhook), then carries out the commands. Alert writes commit with the
 * transition; Twilio requests follow the commit, in the background, so a
 * webhook never waits on them.
 */
export class CallHandler {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly now: () => number;
  private readonly openings: CallOpenings;
  private readonly advances: Batcher<SessionAdvance, boolean>;

  constructor(private readonly deps: CallHandlerDeps) {
    this.now = deps.now ?? (() => Date.now());
    this.openings = new CallOpenings(deps);
    this.advances = new Batcher(items =>
      new CallStore(deps.db).advanceMany(items),
    );
  }

  /** The voice webhook: a call has arrived. Returns TwiML. */
  async answer(call: IncomingCall): Promise<string> {
    const { decision, started } = await this.openings.open(call);
    if (started) {
      this.followUp(started.session, started.transition, 'start-dialling');
    }
    return incomingCallTwiml(decision, await this.deps.twimlUrls());
  }

  /** The caller pressed a key (or nothing) in the auto-attendant. */
  async menuChoice(
    callSid: string,
    digits: string,
    attempt: number,
  ): Promise<string> {
    const session = await this.session(callSid);
    const integration = await this.deps.integrations.getById(
      session.integrationId,
    );
    const { language } = session.context;
    if (!integration) return goodbyeTwiml(language);
    const { autoAttendant, usersToTry } = integration.config;
    const choice = decideMenuChoice(autoAttendant, digits, attempt);
    if (choice.kind === 'option') {
      const plan = await this.deps.roster.planFor(
        choice.option.recipients,
        usersToTry,
        new Date(),
      );
      await this.apply(callSid, {
        type: 'option-chosen',
        key: digits,
        label: choice.option.label,
        plan: dialSteps(plan.tiers),
      });
      this.background(callSid, { type: 'start-dialling' });
      return enqueueTwiml(
        session.context.queue,
        integration.config.holdMusic,
        await this.deps.twimlUrls(),
      );
    }
    await this.apply(callSid, {
      type: 'menu-miss',
      digits,
      final: choice.kind === 'give-up',
    });
    return choice.kind === 'retry'
      ? menuRetryTwiml(
          language,
          autoAttendant.prompt,
          await this.deps.twimlUrls(),
        )
      : goodbyeTwiml(language);
  }

  /** What a queued caller hears while responders are dialled. */
  async holdMusic(audioId: string): Promise<string> {
    return holdMusicTwiml(audioId, await this.deps.twimlUrls());
  }

  /** A responder picked up leg plan[index]: ask them to confirm. */
  async responderAnswered(callSid: string, index: number): Promise<string> {
    const session = await this.session(callSid);
    const base = await this.deps.webhookBaseUrl();
    const action = `${base}/responder-confirm?call=${encodeURIComponent(
      callSid,
    )}&leg=${index}`;
    return confirmTwiml(
      session.context.language,
      session.context.teamName,
      action,
    );
  }

  /** A responder pressed a key: the first "1" gets the caller. */
  async responderConfirmed(
    callSid: string,
    index: number,
    legSid: string,
    digits: string,
  ): Promise<string> {
    const session = await this.session(callSid);
    if (digits !== '1') return goodbyeTwiml(session.context.language);
    const transition = await this.apply(callSid, {
      type: 'leg-confirmed',
      index,
      sid: legSid,
    });
    return this.pickupTwiml(session, transition);
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
    const session = await new CallStore(this.deps.db).getByAlert(alertId);
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
    const transition = await this.apply(session.callSid, {
      type: 'browser-pickup',
      userRef: user.ref,
      displayName: user.displayName,
      sid: browserCallSid,
    });
    return this.pickupTwiml(session, transition);
  }

  private pickupTwiml(session: CallSession, transition?: Transition) {
    const { language, queue } = session.context;
    if (transition?.pickup === 'connected') return bridgeTwiml(queue);
    return tooLateTwiml(
      language,
      transition?.pickup === 'caller-gone' ? 'callerGone' : 'taken',
    );
  }

  async legEnded(
    callSid: string,
    index: number,
    legSid: string,
    status: string,
  ): Promise<void> {
    await this.apply(callSid, {
      type: 'leg-ended',
      index,
      sid: legSid,
      status,
    });
  }

  async callerEnded(callSid: string, durationSeconds: number): Promise<void> {
    await this.apply(callSid, { type: 'caller-ended', durationSeconds });
  }

  /**
   * Fires the calls' timers that are due: a responder's delay that is over
   * (its in-process timer died with a replica), a leg Twilio went silent
   * about, dialling that never started. Run often on a schedule, once
   * across replicas; the versioned apply makes each event count once.
   */
  async sweep(): Promise<void> {
    const now = this.now();
    for (const session of await new CallStore(this.deps.db).due(now)) {
      const event = overdueEvent(
        session.flow,
        now,
        session.context.ringTimeoutSeconds,
      );
      if (event) {
        await this.apply(session.callSid, event).catch(error =>
          this.deps.logger.error(
            `Call ${session.callSid}: ${event.type} failed`,
            error,
          ),
        );
      }
    }
  }

  /** Resolves when the Twilio work started so far is done (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Stops this replica's timers; the sweep of a live replica takes over. */
  stop(): void {
    this.timers.forEach(clearTimeout);
    this.timers.clear();
  }

  /** After the caller's voicemail recording: goodbye, in their language. */
  async voicemailDone(callSid: string): Promise<string> {
    const session = await new CallStore(this.deps.db).getSession(callSid);
    return goodbyeTwiml(session?.context.language ?? 'en-US');
  }

  /** A voicemail recording is ready: its link goes on the alert, once. */
  async recordingCompleted(recording: {
    callSid: string;
    recordingSid: string;
    url: string;
    durationSeconds: number;
    at: Date;
  }): Promise<void> {
    const session = await new CallStore(this.deps.db).getSession(
      recording.callSid,
    );
    if (!session) return;
    const alerts = new AlertStore(this.deps.db);
    // The recording SID (34 characters) is the event's idempotency key.
    const id = recording.recordingSid;
    if (await alerts.hasEvent(id)) return;
    // A duplicate arriving at the same instant fails on the unique id, and
    // Twilio's retry then finds the note.
    await alerts.addEvent(session.alertId, {
      id,
      type: 'voicemail',
      message: `Voicemail left (${recording.durationSeconds} s): ${recording.url}`,
      at: recording.at,
    });
  }

  private async session(callSid: string): Promise<CallSession> {
    const session = await new CallStore(this.deps.db).getSession(callSid);
    if (!session) throw new ConflictError(`No call ${callSid} is in progress`);
    return session;
  }

  /** Work that must not hold up a webhook's answer. */
  private track(work: Promise<void>) {
    const tracked = work.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private background(callSid: string, event: CallEvent) {
    this.track(
      this.apply(callSid, event).then(
        () => undefined,
        error =>
          this.deps.logger.error(
            `Call ${callSid}: ${event.type} failed`,
            error,
          ),
      ),
    );
  }

  /**
   * After a stored transition (`session` as stored): its timer and its
   * Twilio requests.
   */
  private followUp(session: CallSession, transition: Transition, why: string) {
    this.wakeForDelay(session.callSid, transition.session);
    if (transition.commands.some(c => TWILIO_COMMANDS.has(c.type))) {
      this.track(
        this.carryOut(session, transition.commands).catch(error =>
          this.deps.logger.error(`Call ${session.callSid}: ${why}`, error),
        ),
      );
    }
  }

  /**
   * Rings the next responder on time on this replica; if it stops first,
   * the stored wake-up time brings the sweep.
   */
  private wakeForDelay(callSid: string, flow: CallSessionState) {
    if (flow.waitingUntil === undefined) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.background(callSid, { type: 'delay-over' });
    }, Math.max(0, flow.waitingUntil - this.now()));
    timer.unref();
    this.timers.add(timer);
  }

  /**
   * Moves a call on by one event, then carries out the commands. `known` is
   * the session as this replica last stored it: tried first, it saves a
   * read when nothing else moved the call meanwhile.
   */
  private async apply(
    callSid: string,
    event: CallEvent,
    known?: CallSession,
  ): Promise<Transition | undefined> {
    const { db } = this.deps;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const session =
        attempt === 0 && known
          ? known
          : await new CallStore(db).getSession(callSid);
      if (!session) return undefined;
      const now = this.now();
      const transition = step(session.flow, event, now);
      if (
        transition.session === session.flow &&
        transition.commands.length === 0
      ) {
        return transition;
      }
      const at = new Date(now);
      const stored = transition.commands.some(c => ALERT_COMMANDS.has(c.type))
        ? await db.transaction(async tx => {
            if (
              !(await new CallStore(tx).advance(
                session,
                transition.session,
                at,
              ))
            )
              return false;
            await writeToAlert(tx, session.alertId, transition.commands, at);
            return true;
          })
        : // One statement needs no transaction of its own, and shares one
          // with the other calls moving on at the same time.
          await this.advances.submit({
            session,
            flow: transition.session,
            at,
          });
      if (stored) {
        this.followUp(
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

  /** The Twilio side of the commands. */
  private async carryOut(session: CallSession, commands: CallCommand[]) {
    const { gateway, logger } = this.deps;
    for (const command of commands) {
      if (command.type === 'place-leg') {
        await this.placeLeg(session, command);
      } else if (command.type === 'cancel-leg') {
        await gateway.cancelLeg(command.sid).catch(error =>
          // The leg may have ended on its own meanwhile.
          logger.info(`Could not cancel leg ${command.sid}: ${error}`),
        );
      } else if (command.type === 'redirect-caller') {
        const twiml = nobodyAnsweredTwiml(
          command.to,
          session.context.language,
          session.context.voicemailPrompt,
          await this.deps.twimlUrls(),
        );
        await gateway.redirectCaller(session.callSid, twiml);
      }
    }
  }

  /**
   * Places a responder leg in the account's next free slot. A leg that
   * waited for its slot is placed only if the call still wants it.
   */
  private async placeLeg(
    session: CallSession,
    command: Extract<CallCommand, { type: 'place-leg' }>,
  ) {
    const { gateway, limiter, logger } = this.deps;
    const { callSid, context } = session;
    const { index, attempt, responder } = command;
    const slot = await limiter.reserve(this.now());
    const wait = slot - this.now();
    // The call as stored with this command, unless the leg waits long.
    let known: CallSession | undefined = session;
    if (wait > NOTE_SLOT_AFTER_MS) {
      known = undefined;
      // Long enough for the leg's backstop to count from the slot instead.
      await this.apply(callSid, {
        type: 'leg-scheduled',
        index,
        attempt,
        at: slot,
      });
      await sleep(wait);
      const leg = (await new CallStore(this.deps.db).getSession(callSid))?.flow
        .leg;
      if (leg?.index !== index || leg.attempt !== attempt || leg.sid) return;
    } else if (wait > 0) {
      await sleep(wait);
    }
    let sid: string;
    try {
      sid = await gateway.placeLeg({
        callerSid: callSid,
        index,
        to: responder.phone,
        from: context.dialledNumber,
        timeoutSeconds: context.ringTimeoutSeconds,
      });
    } catch (error) {
      logger.warn(`Could not dial ${responder.userRef}: ${error}`);
      sid = `failed-${callSid}-${index}-${attempt}`;
      await this.apply(
        callSid,
        { type: 'leg-placed', index, attempt, sid },
        known,
      );
      await this.apply(callSid, {
        type: 'leg-ended',
        index,
        sid,
        status: 'failed',
      });
      return;
    }
    await this.apply(
      callSid,
      { type: 'leg-placed', index, attempt, sid },
      known,
    );
  }
}
