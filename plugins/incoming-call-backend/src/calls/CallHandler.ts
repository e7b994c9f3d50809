import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type { Knex } from 'knex';
import type { RosterService } from '../roster/RosterService';
import { AlertStore } from '../store/AlertStore';
import type { IntegrationStore } from '../store/IntegrationStore';
import { type CallSession, CallStore } from './CallStore';
import {
  callerQueue,
  decideIncomingCall,
  decideMenuChoice,
  type IncomingCallDecision,
} from './decideIncomingCall';
import {
  type CallCommand,
  type CallEvent,
  type CallSessionState,
  START_GRACE_SECONDS,
  type Transition,
  overdueEvent,
  step,
} from './engine/callEngine';
import type { TwilioGateway } from './TwilioGateway';
import {
  bridgeTwiml,
  confirmTwiml,
  enqueueTwiml,
  goodbyeTwiml,
  incomingCallTwiml,
  menuRetryTwiml,
  nobodyAnsweredTwiml,
  takenTwiml,
} from './twiml';

export interface IncomingCall {
  callSid: string;
  from: string;
  to: string;
  at: Date;
}

type Accepted = Extract<IncomingCallDecision, { kind: 'accepted' }>;

const STATE_AFTER_WELCOME: Record<
  Accepted['next']['kind'],
  CallSessionState['state']
> = {
  queue: 'queued',
  menu: 'menu',
  voicemail: 'voicemail',
  'try-later': 'turned-away',
};

/** Concurrent updates of one call retry this often before giving up. */
const MAX_ATTEMPTS = 5;

/**
 * Runs calls: turns what Twilio reports into engine events, stores each
 * transition under optimistic versioning (any replica may take any
 * webhook), then carries out the commands. Alert writes commit with the
 * transition; Twilio requests follow the commit.
 */
export class CallHandler {
  constructor(
    private readonly deps: {
      db: Knex;
      integrations: IntegrationStore;
      roster: RosterService;
      gateway: TwilioGateway;
      webhookBaseUrl: () => Promise<string>;
      logger: LoggerService;
    },
  ) {}

  /** The voice webhook: a call has arrived. Returns TwiML. */
  async answer(call: IncomingCall): Promise<string> {
    const { db, integrations } = this.deps;
    const integration = await integrations.getByNumber(call.to);
    const decision = decideIncomingCall({ ...call, integration });
    if (decision.kind === 'rejected') {
      await new CallStore(db).recordRejection(
        decision.integration.id,
        call.from,
        call.at,
      );
    }
    if (decision.kind === 'accepted') {
      try {
        await this.openCall(decision, call);
      } catch (error) {
        // Another replica recorded this call first: its alert stands.
        if (!(await new CallStore(db).getSession(call.callSid))) throw error;
      }
      if (decision.next.kind === 'queue') {
        // Dialling must not hold up the answer Twilio is waiting for.
        setImmediate(() =>
          this.applyLogged(call.callSid, { type: 'start-dialling' }),
        );
      }
    }
    return incomingCallTwiml(decision, await this.deps.webhookBaseUrl());
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
        plan: plan.tiers.flatMap(t => t.users),
      });
      setImmediate(() => this.applyLogged(callSid, { type: 'start-dialling' }));
      return enqueueTwiml(session.context.queue);
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
          await this.deps.webhookBaseUrl(),
        )
      : goodbyeTwiml(language);
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
    return transition?.connected
      ? bridgeTwiml(session.context.queue)
      : takenTwiml(session.context.language);
  }

  async legEnded(
    callSid: string,
    index: number,
    legSid: string,
    status: string,
  ) {
    await this.apply(callSid, {
      type: 'leg-ended',
      index,
      sid: legSid,
      status,
    });
  }

  async callerEnded(callSid: string, durationSeconds: number) {
    await this.apply(callSid, { type: 'caller-ended', durationSeconds });
  }

  /**
   * Catches up calls that stopped moving: Twilio's callback never came, or
   * the replica that was dialling stopped. Run on a schedule, once across
   * replicas.
   */
  async sweep(now: Date): Promise<void> {
    const idle = await new CallStore(this.deps.db).idleQueued(
      new Date(now.getTime() - START_GRACE_SECONDS * 1000),
    );
    for (const session of idle) {
      const event = overdueEvent(
        session.flow,
        (now.getTime() - session.updatedAt.getTime()) / 1000,
        session.context.ringTimeoutSeconds,
      );
      if (event) await this.applyLogged(session.callSid, event);
    }
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

  private async applyLogged(callSid: string, event: CallEvent) {
    await this.apply(callSid, event).catch(error =>
      this.deps.logger.error(`Call ${callSid}: ${event.type} failed`, error),
    );
  }

  /** Moves a call on by one event, then carries out the commands. */
  private async apply(
    callSid: string,
    event: CallEvent,
  ): Promise<Transition | undefined> {
    const { db } = this.deps;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const session = await new CallStore(db).getSession(callSid);
      if (!session) return undefined;
      const transition = step(session.flow, event);
      if (
        transition.session === session.flow &&
        transition.commands.length === 0
      ) {
        return transition;
      }
      const stored = await db.transaction(async tx => {
        const at = new Date();
        if (!(await new CallStore(tx).advance(session, transition.session, at)))
          return false;
        const alerts = new AlertStore(tx);
        for (const command of transition.commands) {
          if (command.type === 'record') {
            await alerts.addEvent(session.alertId, {
              type: command.eventType,
              message: command.message,
              userRef: command.userRef,
              at,
            });
          } else if (command.type === 'acknowledge') {
            await alerts.acknowledge(session.alertId, command.userRef, at);
          } else if (command.type === 'close-alert') {
            await alerts.close(session.alertId, at);
          }
        }
        return true;
      });
      if (stored) {
        await this.carryOut(session, transition.commands);
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
        let sid: string;
        try {
          sid = await gateway.placeLeg({
            callerSid: session.callSid,
            index: command.index,
            to: command.responder.phone,
            from: session.context.dialledNumber,
            timeoutSeconds: session.context.ringTimeoutSeconds,
          });
        } catch (error) {
          logger.warn(`Could not dial ${command.responder.userRef}: ${error}`);
          sid = `failed-${session.callSid}-${command.index}`;
          await this.apply(session.callSid, {
            type: 'leg-placed',
            index: command.index,
            sid,
          });
          await this.apply(session.callSid, {
            type: 'leg-ended',
            index: command.index,
            sid,
            status: 'failed',
          });
          continue;
        }
        await this.apply(session.callSid, {
          type: 'leg-placed',
          index: command.index,
          sid,
        });
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
          await this.deps.webhookBaseUrl(),
        );
        await gateway.redirectCaller(session.callSid, twiml);
      }
    }
  }

  private async openCall(decision: Accepted, call: IncomingCall) {
    const { config } = decision.integration;
    const flow: CallSessionState = {
      state: STATE_AFTER_WELCOME[decision.next.kind],
      plan:
        decision.next.kind === 'queue'
          ? (
              await this.deps.roster.planFor(
                config.recipients,
                config.usersToTry,
                call.at,
              )
            ).tiers.flatMap(t => t.users)
          : [],
      next: 0,
      voicemail: config.voicemail.enabled,
    };
    await this.deps.db.transaction(async tx => {
      const calls = new CallStore(tx);
      if (await calls.getSession(call.callSid)) return;
      const alerts = new AlertStore(tx);
      const alert = await alerts.create({
        teamRef: decision.integration.teamRef,
        integrationId: decision.integration.id,
        callerNumber: call.from,
        dialledNumber: call.to,
        priority: 'P3',
        tags: [],
        at: call.at,
      });
      await alerts.addEvent(alert.id, {
        type: 'call-received',
        message: `Call from ${call.from} to ${call.to} (${config.name})`,
        at: call.at,
      });
      if (
        decision.next.kind === 'voicemail' ||
        decision.next.kind === 'try-later'
      ) {
        await alerts.addEvent(alert.id, {
          type: 'note',
          message:
            decision.next.kind === 'voicemail'
              ? 'Users to try is 0: the caller was asked to leave a voicemail'
              : 'Users to try is 0 and voicemail is off: the caller was asked to try again later',
          at: call.at,
        });
      }
      // The primary key on the call SID stops a second replica that got the
      // same webhook at once: its transaction fails and is rolled back.
      await calls.startSession(
        {
          callSid: call.callSid,
          integrationId: decision.integration.id,
          alertId: alert.id,
          flow,
          context: {
            callerNumber: call.from,
            dialledNumber: call.to,
            teamName: decision.integration.config.name,
            language: config.language,
            ringTimeoutSeconds: config.ringTimeoutSeconds,
            queue: callerQueue(call.callSid),
            voicemailPrompt: config.voicemail.prompt,
          },
        },
        call.at,
      );
    });
  }
}
