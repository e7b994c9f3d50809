import type { Config } from '@backstage/config';
import { isE164 } from '@icr/plugin-incoming-call-common';

/** Who SMS go out from: a number of the account, or a Messaging Service. */
export type SmsSender = { from: string } | { messagingServiceSid: string };

const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
const KEY = 'incomingCall.twilio.smsFrom';

/**
 * The SMS sender of `incomingCall.twilio.smsFrom`, or undefined when none
 * is set (then no SMS can be sent). A value that is neither form stops the
 * backend at start, rather than failing every SMS later.
 */
export function readSmsSender(config: Config): SmsSender | undefined {
  const value = config.getOptionalString(KEY)?.trim();
  if (value === undefined) return undefined;
  if (isE164(value)) return { from: value };
  if (MESSAGING_SERVICE_SID.test(value)) return { messagingServiceSid: value };
  throw new Error(
    `${KEY} is '${value}': give a phone number of the Twilio account in E.164 form (e.g. +14155550100) or a Messaging Service SID (MG and 32 hex digits)`,
  );
}
