import type { Integration, Language } from '@icr/plugin-incoming-call-common';
import type { ExtraRecipients } from '../roster/dialPlan';
import type { CallSessionState } from './callEngine';

/** What the adapters need to act on a call, fixed when it arrives. */
export interface CallContext {
  callerNumber: string;
  dialledNumber: string;
  teamName: string;
  /** The team the alert belongs to; absent on calls stored before it was kept. */
  teamRef?: string;
  language: Language;
  ringTimeoutSeconds: number;
  /** The caller's own queue. */
  queue: string;
  voicemailPrompt: Integration['config']['voicemail']['prompt'];
  /**
   * The alert rule that matched the caller, with extra recipients: they
   * join the plan of the menu option the caller chooses, too.
   */
  alertRule?: ExtraRecipients;
  /** The matched alert rule says no notifications for this call. */
  notificationsMuted?: boolean;
}

/** A call in progress as stored: its engine state under a version. */
export interface CallSession {
  callSid: string;
  integrationId: string;
  alertId: string;
  version: number;
  flow: CallSessionState;
  context: CallContext;
}
