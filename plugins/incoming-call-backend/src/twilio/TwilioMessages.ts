import type { Config } from '@backstage/config';
import type { Twilio } from 'twilio';
import { readSmsSender, type SmsSender } from '../config/smsConfig';
import { createTwilioClient, type TwilioHttpClient } from './TwilioGateway';

/** Twilio's refusal as a person reads it: the code, its text and where it is explained. */
function describeFailure(error: unknown, to: string): string {
  const { status, code, message, moreInfo } = (error ?? {}) as {
    status?: unknown;
    code?: unknown;
    message?: unknown;
    moreInfo?: unknown;
  };
  if (typeof status === 'number') {
    const what = typeof code === 'number' ? `error ${code}` : `HTTP ${status}`;
    const text = typeof message === 'string' && message ? `: ${message}` : '';
    const more = typeof moreInfo === 'string' ? ` (${moreInfo})` : '';
    return `Twilio refused the SMS to ${to} with ${what}${text}${more}`;
  }
  return `Twilio could not be reached to send the SMS to ${to}: ${
    error instanceof Error ? error.message : String(error)
  }`;
}

/**
 * Text messages through Twilio's Messages API, with the official SDK (real
 * Twilio, or the simulated network through its `httpClient`), from the
 * configured sender.
 */
export class TwilioMessages {
  constructor(
    private readonly client: Twilio,
    private readonly sender: SmsSender,
  ) {}

  /**
   * Sends `body` to `to` (E.164); resolves to the message's SID once
   * Twilio took it. Throws an `Error` with Twilio's code and text when
   * Twilio refuses it, never the SDK's own error object.
   */
  async send(to: string, body: string): Promise<string> {
    try {
      const message = await this.client.messages.create({
        to,
        body,
        ...this.sender,
      });
      return message.sid;
    } catch (error) {
      throw new Error(describeFailure(error, to));
    }
  }
}

/**
 * The SMS sender of the configuration (`incomingCall.twilio.smsFrom`), or
 * undefined when none is configured.
 */
export function twilioMessagesFromConfig(
  config: Config,
  httpClient?: TwilioHttpClient,
): TwilioMessages | undefined {
  const sender = readSmsSender(config);
  if (!sender) return undefined;
  const client = createTwilioClient({
    accountSid: config.getString('incomingCall.twilio.accountSid'),
    authToken: config.getString('incomingCall.twilio.authToken'),
    httpClient,
  });
  return new TwilioMessages(client, sender);
}
