import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Language } from '@icr/plugin-incoming-call-common';
import type { CallStore } from '../../database/CallStore';
import type { LineStore } from '../../database/LineStore';
import {
  type CallEvent,
  FINAL_CALL_STATUSES,
  type Transition,
} from '../../domain/engine/callEngine';
import type { LineAvailability } from '../../domain/line/lineEntry';
import { matchLine, unavailableTo } from '../../domain/line/matchLine';
import type { Clock } from '../../lib/clock';
import type { TwilioGateway } from '../../twilio/TwilioGateway';

/** How long "stop taking calls" lasts unless the responder takes calls again. */
export const AWAY_MS = 60 * 60 * 1000;
/**
 * How long a responder may stay on the line after their caller hung up
 * (the offer of the next caller) before the sweep asks Twilio whether
 * their leg is still up.
 */
const AFTER_CALL_MS = 2 * 60 * 1000;
/** Callers tried in turn when the one at the head is taken meanwhile. */
const TAKE_TRIES = 3;

/** The waiting caller a responder back from a call may take next. */
export interface NextCaller {
  callSid: string;
  callerNumber: string;
  language: Language;
}

/**
 * The line of callers waiting for responders: wakes the callers who may
 * have a responder now (first come, first served), hands a responder back
 * from a call the next caller, and keeps responders away from the line
 * when they ask. The calls' own transitions claim the responders (see
 * `CallTransitions`): this only says whom to wake.
 */
export class LineService {
  private running?: Promise<void>;
  private again = false;

  constructor(
    private readonly deps: {
      line: LineStore;
      calls: Pick<CallStore, 'getSession'>;
      gateway: Pick<TwilioGateway, 'callStatus'>;
      clock: Clock;
      logger: LoggerService;
      /** `seen`: who the line has free for the call, as the wake-up read it. */
      apply: (
        callSid: string,
        event: CallEvent,
        seen?: LineAvailability,
      ) => Promise<Transition | undefined>;
    },
  ) {}

  /**
   * Wakes the callers the line gives a free responder, in line order.
   * Calls made while it runs make it run once more, not once each.
   */
  match(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.matchOnce();
        } while (this.again);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async matchOnce() {
    const { line, clock, apply, logger } = this.deps;
    const { seeking, busy, away } = await line.snapshot(clock.now());
    // Away responders count as free: their callers pass them over.
    for (const { callSid } of matchLine(seeking, busy)) {
      // The call goes by the line as just read, not by a read of its own.
      const seen = { unavailable: unavailableTo(callSid, seeking, busy), away };
      await apply(callSid, { type: 'responder-free' }, seen).catch(error =>
        logger.error(`Call ${callSid}: responder-free failed`, error),
      );
    }
  }

  /** The first caller in the line who waits for `userRef`. */
  async nextFor(userRef: string): Promise<NextCaller | undefined> {
    const [callSid] = await this.waitingFor(userRef);
    const session = callSid && (await this.deps.calls.getSession(callSid));
    if (!session) return undefined;
    return {
      callSid,
      callerNumber: session.context.callerNumber,
      language: session.context.language,
    };
  }

  /**
   * The responder on phone leg `legSid`, back from a call, takes the first
   * caller waiting for them: returns the call to bridge them to (its queue,
   * and the plan step they are in it), or undefined when nobody waits.
   */
  async takeNext(
    userRef: string,
    legSid: string,
  ): Promise<{ callSid: string; queue: string; index: number } | undefined> {
    const candidates = (await this.waitingFor(userRef)).slice(0, TAKE_TRIES);
    for (const callSid of candidates) {
      const session = await this.deps.calls.getSession(callSid);
      const index = session?.flow.plan.findIndex(s => s.userRef === userRef);
      if (!session || index === undefined || index < 0) continue;
      const transition = await this.deps.apply(callSid, {
        type: 'next-caller-taken',
        userRef,
        displayName: session.flow.plan[index].displayName,
        sid: legSid,
      });
      if (
        transition?.pickup === 'connected' &&
        transition.session.answeredOn === legSid
      ) {
        return { callSid, queue: session.context.queue, index };
      }
    }
    return undefined;
  }

  /** The responder stops taking calls from the line, until `until` (ms). */
  async stopTaking(userRef: string, until?: number): Promise<void> {
    await this.deps.line.setAway(
      userRef,
      until ?? this.deps.clock.now() + AWAY_MS,
    );
    // Callers waiting for them pass them over.
    await this.match();
  }

  /** The responder takes calls from the line again. */
  async resumeTaking(userRef: string): Promise<void> {
    await this.deps.line.setAway(userRef, undefined);
  }

  /**
   * A responder's leg is over: whoever it kept busy (for `callSid`'s step
   * `userRef`, or a later caller they took on it) is free.
   */
  async legOver(legSid: string, held?: { userRef: string; callSid: string }) {
    const { line } = this.deps;
    const freed =
      (held && (await line.release(held.userRef, held.callSid))) ||
      (await line.releaseLeg(legSid)) !== undefined;
    if (freed) await this.match();
  }

  /**
   * The sweep: wakes whoever a lost wake-up left waiting, and frees
   * responders of calls that are over whose leg Twilio no longer has.
   */
  async sweep(): Promise<void> {
    const { line, clock, gateway, calls, logger } = this.deps;
    await line.forgetEnded();
    for (const held of await line.heldByEndedCalls(
      clock.now() - AFTER_CALL_MS,
    )) {
      const legSid =
        held.legSid ?? (await calls.getSession(held.callSid))?.flow.answeredOn;
      try {
        const over =
          !legSid ||
          FINAL_CALL_STATUSES.has((await gateway.callStatus(legSid)).status);
        if (over) await line.release(held.userRef, held.callSid);
      } catch (error) {
        logger.warn(
          `Could not check ${held.userRef}'s leg of call ${held.callSid}: ${error}`,
        );
      }
    }
    await this.match();
  }

  /** The callers in line order who may ring `userRef` now. */
  private async waitingFor(userRef: string): Promise<string[]> {
    const seeking = await this.deps.line.seeking({ wanting: userRef });
    return seeking.map(caller => caller.callSid);
  }
}
