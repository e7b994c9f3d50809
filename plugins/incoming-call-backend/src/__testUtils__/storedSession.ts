import type { CallSession } from '../domain/engine/callSession';

/**
 * A call of the Platform hotline as its session is stored: queued with an
 * empty plan unless `flow` says otherwise.
 */
export const storedSession = (
  callSid: string,
  flow: Partial<CallSession['flow']> = {},
): CallSession => ({
  callSid,
  integrationId: 'integration-1',
  alertId: `alert-${callSid}`,
  version: 1,
  flow: { state: 'queued', plan: [], tried: [], voicemail: true, ...flow },
  context: {
    callerNumber: '+4930555000',
    dialledNumber: '+14155550100',
    teamName: 'Platform',
    teamRef: 'group:default/platform',
    language: 'en-US',
    ringTimeoutSeconds: 25,
    queue: `call-${callSid}`,
    voicemailPrompt: null,
  },
});
