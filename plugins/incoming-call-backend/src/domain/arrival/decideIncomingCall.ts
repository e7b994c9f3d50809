import {
  type Integration,
  type Language,
  isBlocked,
} from '@icr/plugin-incoming-call-common';

/** What to do with a call that has just arrived. */
export type IncomingCallDecision =
  /** No integration owns the number dialled, or it is switched off. */
  | { kind: 'not-in-service'; language: Language }
  /** The caller is on the blocklist: refuse before anything else. */
  | { kind: 'rejected'; integration: Integration }
  /** Take the call: record an alert, greet the caller, then `next`. */
  | {
      kind: 'accepted';
      integration: Integration;
      welcome: Integration['config']['welcome'];
      /** Outage mode: the team's status message, heard right after the welcome. */
      statusMessage?: Integration['config']['welcome'];
      language: Language;
      next: AfterWelcome;
    };

/** Where an accepted caller goes after the welcome. */
export type AfterWelcome =
  /** Hold in a queue of their own while responders are dialled. */
  | { kind: 'queue'; queue: string }
  /** Choose an option of the auto-attendant first. */
  | { kind: 'menu'; queue: string }
  /** Nobody is dialled ("users to try" is 0): leave a voicemail. */
  | { kind: 'voicemail'; prompt: Integration['config']['voicemail']['prompt'] }
  /** Nobody is dialled and voicemail is off: try again later, goodbye. */
  | { kind: 'try-later' };

/** The queue a caller waits in: one per call, so bridging takes exactly them. */
export const callerQueue = (callSid: string) => `call-${callSid}`;

/**
 * The first step of a call, decided from the integration that owns the
 * dialled number (if any) and the caller. Pure.
 */
export function decideIncomingCall(call: {
  callSid: string;
  from: string;
  integration: Integration | undefined;
  statusMessage?: Integration['config']['welcome'];
}): IncomingCallDecision {
  const { integration } = call;
  if (!integration || !integration.config.enabled) {
    return {
      kind: 'not-in-service',
      language: integration?.config.language ?? 'en-US',
    };
  }
  if (isBlocked(integration.config.blocklist, call.from)) {
    return { kind: 'rejected', integration };
  }
  const { config } = integration;
  let next: AfterWelcome;
  const queue = callerQueue(call.callSid);
  if (config.usersToTry > 0) {
    next = config.autoAttendant.enabled
      ? { kind: 'menu', queue }
      : { kind: 'queue', queue };
  } else if (config.voicemail.enabled) {
    next = { kind: 'voicemail', prompt: config.voicemail.prompt };
  } else {
    next = { kind: 'try-later' };
  }
  return {
    kind: 'accepted',
    integration,
    welcome: config.welcome,
    ...(call.statusMessage && { statusMessage: call.statusMessage }),
    language: config.language,
    next,
  };
}
