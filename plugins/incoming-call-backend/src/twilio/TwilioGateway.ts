import twilio, { type RequestClient, type Twilio } from 'twilio';
import { createRequestClient } from './TwilioRecordings';
import type { TwilioUrls } from './TwilioUrls';

/** What the SDK sends its REST requests through (the extension point's seam). */
export type TwilioHttpClient = RequestClient;

/** The Twilio REST client, sending through `httpClient` when one is given. */
export function createTwilioClient(options: {
  accountSid: string;
  authToken: string;
  httpClient?: TwilioHttpClient;
}): Twilio {
  return twilio(options.accountSid, options.authToken, {
    // The SDK's own client, made safe for recordings' audio, unless the
    // extension point routes the requests elsewhere.
    httpClient: options.httpClient ?? createRequestClient(),
  });
}

/**
 * The Twilio REST calls the engine's commands need, through the official
 * SDK (real Twilio, or the simulated network through its `httpClient`).
 */
export class TwilioGateway {
  constructor(
    private readonly client: Twilio,
    private readonly urls: () => Promise<TwilioUrls>,
  ) {}

  /** Rings a responder; Twilio asks `responder-answer` when they pick up. */
  async placeLeg(leg: {
    callerSid: string;
    index: number;
    to: string;
    from: string;
    timeoutSeconds: number;
  }): Promise<string> {
    const urls = await this.urls();
    const call = await this.client.calls.create({
      to: leg.to,
      from: leg.from,
      url: urls.responderAnswer(leg.callerSid, leg.index),
      statusCallback: urls.legStatus(leg.callerSid, leg.index),
      statusCallbackEvent: ['completed'],
      timeout: leg.timeoutSeconds,
    });
    return call.sid;
  }

  /**
   * The call placed to `to` from `from` since `since` (ms), if Twilio has
   * one: a leg whose request went unanswered may have been placed all the
   * same. The earliest such call is the one the request made.
   */
  async findLeg(leg: {
    to: string;
    from: string;
    since: number;
  }): Promise<{ sid: string; status: string } | undefined> {
    const calls = await this.client.calls.list({
      to: leg.to,
      from: leg.from,
      // Twilio compares whole seconds: the request's second is included.
      startTimeAfter: new Date(Math.floor(leg.since / 1000) * 1000),
      limit: 20,
    });
    const earliest = calls.sort(
      (a, b) =>
        (a.dateCreated?.getTime() ?? 0) - (b.dateCreated?.getTime() ?? 0),
    )[0];
    return earliest && { sid: earliest.sid, status: earliest.status };
  }

  /** Stops a leg that is queued or ringing (an answered one is not affected). */
  async cancelLeg(sid: string): Promise<void> {
    await this.client.calls(sid).update({ status: 'canceled' });
  }

  /** Hangs up a leg that was answered: Twilio ignores `canceled` for it. */
  async hangUpLeg(sid: string): Promise<void> {
    await this.client.calls(sid).update({ status: 'completed' });
  }

  /**
   * The caller's call as Twilio has it now: its status, and its duration
   * once over; `not-found` when Twilio knows no such call.
   */
  async callStatus(
    sid: string,
  ): Promise<{ status: string; durationSeconds: number }> {
    try {
      const call = await this.client.calls(sid).fetch();
      return {
        status: call.status,
        durationSeconds: Number(call.duration) || 0,
      };
    } catch (error) {
      if ((error as { status?: number }).status === 404) {
        return { status: 'not-found', durationSeconds: 0 };
      }
      throw error;
    }
  }

  /** Replaces what the caller hears (out of the queue) with new TwiML. */
  async redirectCaller(sid: string, twiml: string): Promise<void> {
    await this.client.calls(sid).update({ twiml });
  }
}
