import type { LoggerService } from '@backstage/backend-plugin-api';
import type { OutboundCallLimiter } from '../../database/OutboundCallLimiter';
import type {
  CallCommand,
  CallEvent,
  Transition,
} from '../../domain/engine/callEngine';
import type { CallSession } from '../../domain/engine/callSession';
import type { Clock } from '../../lib/clock';
import type { TwilioGateway } from '../../twilio/TwilioGateway';
import type { TwilioUrls } from '../../twilio/TwilioUrls';
import { nobodyAnsweredTwiml } from '../../twilio/twiml';
import type { BackgroundWork } from './BackgroundWork';

/** The commands carried out through Twilio, after the transition is stored. */
const TWILIO_COMMANDS = new Set<CallCommand['type']>([
  'place-leg',
  'dial-leg',
  'find-or-place-leg',
  'cancel-leg',
  'hang-up-leg',
  'redirect-caller',
  'release-slots',
]);
/** A leg that waits longer than this for its slot notes the slot first. */
const NOTE_SLOT_AFTER_MS = 5_000;

type LegCommand = Extract<
  CallCommand,
  { type: 'place-leg' | 'dial-leg' | 'find-or-place-leg' }
>;

/**
 * Carries out what a stored transition leaves to do, in the background so
 * that no webhook waits on it: the timer of a responder's delay, and the
 * Twilio requests. What Twilio answers goes back to the engine as events.
 */
export class CommandRunner {
  constructor(
    private readonly deps: {
      work: BackgroundWork;
      gateway: TwilioGateway;
      limiter: OutboundCallLimiter;
      urls: () => Promise<TwilioUrls>;
      logger: LoggerService;
      clock: Clock;
      /** Moves the call on by an event (see `CallTransitions.apply`). */
      apply: (
        callSid: string,
        event: CallEvent,
        known?: CallSession,
      ) => Promise<unknown>;
    },
  ) {}

  /** After a stored transition (`session` as stored): its timer and requests. */
  followUp(session: CallSession, transition: Transition, why: string): void {
    const { work, clock, apply } = this.deps;
    const { callSid } = session;
    const { waitingUntil } = transition.session;
    if (waitingUntil !== undefined) {
      // On time on this replica; if it stops first, the stored wake-up
      // time brings the sweep.
      work.after(
        waitingUntil - clock.now(),
        `Call ${callSid}: delay-over failed`,
        () => apply(callSid, { type: 'delay-over' }),
      );
    }
    if (transition.commands.some(c => TWILIO_COMMANDS.has(c.type))) {
      work.run(`Call ${callSid}: ${why}`, () =>
        this.carryOut(session, transition.commands),
      );
    }
  }

  private async carryOut(session: CallSession, commands: CallCommand[]) {
    const { gateway, logger } = this.deps;
    for (const command of commands) {
      if (command.type === 'place-leg') {
        await this.placeLeg(session, command);
      } else if (command.type === 'dial-leg') {
        await this.dial(session, command);
      } else if (command.type === 'find-or-place-leg') {
        await this.findOrPlaceLeg(session, command);
      } else if (
        command.type === 'cancel-leg' ||
        command.type === 'hang-up-leg'
      ) {
        const stop =
          command.type === 'cancel-leg'
            ? gateway.cancelLeg(command.sid)
            : gateway.hangUpLeg(command.sid);
        await stop.catch(error =>
          // The leg may have ended on its own meanwhile.
          logger.info(`Could not stop leg ${command.sid}: ${error}`),
        );
      } else if (command.type === 'release-slots') {
        await this.deps.limiter.release(session.callSid, this.deps.clock.now());
      } else if (command.type === 'redirect-caller') {
        const twiml = nobodyAnsweredTwiml(
          command.to,
          session.context.language,
          session.context.voicemailPrompt,
          await this.deps.urls(),
        );
        await gateway.redirectCaller(session.callSid, twiml);
      }
    }
  }

  /**
   * Places a responder leg in the account's next free slot. A leg that
   * waits long for it notes the slot, and asks the engine again when it
   * comes: the call may no longer want the leg.
   */
  private async placeLeg(session: CallSession, command: LegCommand) {
    const { limiter, clock, apply, work } = this.deps;
    const { callSid } = session;
    const { index, attempt } = command;
    if (work.stopped) {
      await this.handOff(session, command);
      return;
    }
    const slot = await limiter.reserve(clock.now(), callSid);
    const wait = slot - clock.now();
    if (wait > NOTE_SLOT_AFTER_MS) {
      // Long enough for the leg's backstop to count from the slot instead.
      await apply(callSid, { type: 'leg-scheduled', index, attempt, at: slot });
      if (!(await work.wait(wait))) {
        await this.handOff(session, command);
        return;
      }
      await apply(callSid, { type: 'leg-slot-came', index, attempt });
      return;
    }
    if (!(await work.wait(wait))) {
      await this.handOff(session, command);
      return;
    }
    await this.dial(session, command);
  }

  /**
   * This replica is stopping before it requested the leg: the request (and
   * its slot) is stored with the call, marked as never made, so that the
   * sweep of another replica places it at its slot, once.
   */
  private async handOff(session: CallSession, command: LegCommand) {
    const { index, attempt } = command;
    await this.deps.apply(session.callSid, {
      type: 'leg-handed-off',
      index,
      attempt,
    });
  }

  /**
   * A leg whose request went unanswered (its replica stopped right after
   * the call arrived): Twilio may have placed it all the same, so look for
   * it first, and place it only when there is none.
   */
  private async findOrPlaceLeg(
    session: CallSession,
    command: LegCommand & {
      since: number;
    },
  ) {
    const { gateway, apply, work } = this.deps;
    const { callSid, context } = session;
    const { index, attempt, responder, since } = command;
    if (work.stopped) {
      await this.handOff(session, command);
      return;
    }
    const found = await gateway.findLeg({
      to: responder.phone,
      from: context.dialledNumber,
      since,
    });
    if (found) {
      await apply(callSid, { type: 'leg-found', index, attempt, ...found });
      return;
    }
    await this.placeLeg(session, command);
  }

  /** Rings the responder now; the engine hears what became of the request. */
  private async dial(session: CallSession, command: LegCommand) {
    const { gateway, logger, apply } = this.deps;
    const { callSid, context } = session;
    const { index, attempt, responder } = command;
    if (this.deps.work.stopped) {
      await this.handOff(session, command);
      return;
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
      await apply(callSid, { type: 'leg-failed', index, attempt }, session);
      return;
    }
    await apply(callSid, { type: 'leg-placed', index, attempt, sid }, session);
  }
}
