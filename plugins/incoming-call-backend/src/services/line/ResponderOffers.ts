import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Language } from '@icr/plugin-incoming-call-common';
import type { CallStore } from '../../database/CallStore';
import {
  nextCallerOfferTwiml,
  offerEndTwiml,
  responderBridgeTwiml,
} from '../../twilio/offerTwiml';
import { goodbyeTwiml } from '../../twilio/twiml';
import type { TwilioUrls } from '../../twilio/TwilioUrls';

/** What the offer asks of the line (`LineService`). */
export interface ResponderLine {
  /** The first caller (FCFS) who waits for this responder now, if any. */
  nextFor(
    userRef: string,
  ): Promise<
    { callSid: string; callerNumber: string; language: Language } | undefined
  >;
  /**
   * Connects the first caller waiting for this responder to their leg
   * `legSid`; undefined when nobody waits any more.
   */
  takeNext(
    userRef: string,
    legSid: string,
  ): Promise<{ callSid: string; queue: string; index: number } | undefined>;
  /** The responder is away from the line (for an hour by default). */
  stopTaking(userRef: string): Promise<void>;
}

/** A request on a responder's leg, as the offer's URLs and Twilio name it. */
export interface LegRequest {
  /** The call the leg was bridged to (or was taken for). */
  callSid: string;
  /** The leg's place in that call's plan. */
  index: number;
  /** Twilio's SID of the responder's leg (the request's `CallSid`). */
  legSid: string;
}

/** `DialCallStatus` values of a bridge that happened. */
const BRIDGED = new Set(['completed', 'answered']);

/**
 * A responder whose caller hung up is still on the line: they are offered
 * the next caller waiting for them, and take them (1, on the same leg: no
 * new call is placed) or stop taking calls from the line (2).
 */
export class ResponderOffers {
  constructor(
    private readonly deps: {
      calls: Pick<CallStore, 'getSession'>;
      line: ResponderLine;
      urls: () => Promise<TwilioUrls>;
      logger: LoggerService;
    },
  ) {}

  /**
   * The bridge's `<Dial action>`: the call is over for the responder's leg
   * (`legStatus`, the request's `CallStatus`, is no longer `in-progress`)
   * or for the caller, bridged or not (`dialStatus`, `DialCallStatus`).
   */
  async afterCall(
    request: LegRequest & { legStatus: string; dialStatus?: string },
  ): Promise<string> {
    const responder = await this.responderOn(request);
    if (!responder) return goodbyeTwiml('en-US');
    const { userRef, language } = responder;
    // The responder hung up: the answer is ignored, nobody is offered.
    if (request.legStatus !== 'in-progress') {
      return goodbyeTwiml(language);
    }
    const callerLeft =
      request.dialStatus !== undefined && !BRIDGED.has(request.dialStatus);
    const next = await this.deps.line.nextFor(userRef);
    if (!next) return offerEndTwiml(language, 'nobodyWaiting', callerLeft);
    return nextCallerOfferTwiml(
      next,
      request,
      await this.deps.urls(),
      callerLeft ? language : undefined,
    );
  }

  /** The responder's key at the offer (`digits`). */
  async nextCaller(request: LegRequest & { digits: string }): Promise<string> {
    const responder = await this.responderOn(request);
    if (!responder) return goodbyeTwiml('en-US');
    const { userRef, language } = responder;
    if (request.digits === '1') {
      const taken = await this.deps.line.takeNext(userRef, request.legSid);
      // Someone else took the caller offered, or they hung up, and nobody
      // else waits for this responder.
      if (!taken) return offerEndTwiml(language, 'nobodyWaiting');
      // The after-call action names the new call, so the offer comes again
      // when it is over.
      return responderBridgeTwiml(
        taken.queue,
        { callSid: taken.callSid, index: taken.index },
        await this.deps.urls(),
      );
    }
    if (request.digits === '2') {
      await this.deps.line.stopTaking(userRef);
      return offerEndTwiml(language, 'stoppedTaking');
    }
    return goodbyeTwiml(language);
  }

  /**
   * Who answered on the leg plan[index] of the call, and the call's
   * language; undefined when the call or the step is unknown, or the call
   * was answered by someone else or on another leg (a stale request).
   */
  private async responderOn(
    request: LegRequest,
  ): Promise<{ userRef: string; language: Language } | undefined> {
    const session = await this.deps.calls.getSession(request.callSid);
    const step = session?.flow.plan[request.index];
    const { answeredBy, answeredOn } = session?.flow ?? {};
    if (
      !session ||
      !step ||
      (answeredBy !== undefined && answeredBy !== step.userRef) ||
      (answeredOn !== undefined && answeredOn !== request.legSid)
    ) {
      this.deps.logger.warn(
        `No responder of call ${request.callSid} on leg ${request.index} (${request.legSid}) to offer the next caller to`,
      );
      return undefined;
    }
    return { userRef: step.userRef, language: session.context.language };
  }
}
