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
  /**
   * Take the call: record an alert, greet the caller and hold them in a
   * queue of their own while responders are dialled.
   */
  | {
      kind: 'accepted';
      integration: Integration;
      welcome: Integration['config']['welcome'];
      language: Language;
      queue: string;
    };

/**
 * The first step of a call, decided from the integration that owns the
 * dialled number (if any) and the caller. Pure.
 */
export function decideIncomingCall(call: {
  callSid: string;
  from: string;
  integration: Integration | undefined;
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
  return {
    kind: 'accepted',
    integration,
    welcome: integration.config.welcome,
    language: integration.config.language,
    queue: `call-${call.callSid}`,
  };
}
