import type { Twilio } from 'twilio';

/**
 * The Twilio REST calls the engine's commands need, through the official
 * SDK (real Twilio, or the simulated network through its `httpClient`).
 */
export class TwilioGateway {
  constructor(
    private readonly client: Twilio,
    private readonly webhookBaseUrl: () => Promise<string>,
  ) {}

  /** Rings a responder; Twilio asks `responder-answer` when they pick up. */
  async placeLeg(leg: {
    callerSid: string;
    index: number;
    to: string;
    from: string;
    timeoutSeconds: number;
  }): Promise<string> {
    const base = await this.webhookBaseUrl();
    const query = `call=${encodeURIComponent(leg.callerSid)}&leg=${leg.index}`;
    const call = await this.client.calls.create({
      to: leg.to,
      from: leg.from,
      url: `${base}/responder-answer?${query}`,
      statusCallback: `${base}/leg-status?${query}`,
      statusCallbackEvent: ['completed'],
      timeout: leg.timeoutSeconds,
    });
    return call.sid;
  }

  async cancelLeg(sid: string): Promise<void> {
    await this.client.calls(sid).update({ status: 'canceled' });
  }

  /** Replaces what the caller hears (out of the queue) with new TwiML. */
  async redirectCaller(sid: string, twiml: string): Promise<void> {
    await this.client.calls(sid).update({ twiml });
  }
}
