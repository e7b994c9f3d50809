import type { NewAlert, NewAlertEvent } from '../alerts/newAlert';
import { arrive, dialSteps, type Transition } from '../engine/callEngine';
import type { CallSession } from '../engine/callSession';
import type { Planner } from '../roster/dialPlan';
import type { CallState } from '../engine/callEngine';
import { alertRuleOutcome } from './alertRuleOutcome';
import {
  type AfterWelcome,
  callerQueue,
  type IncomingCallDecision,
} from './decideIncomingCall';

/** A call as the voice webhook reports it. */
export interface IncomingCall {
  callSid: string;
  from: string;
  to: string;
  at: Date;
}

export type AcceptedCall = Extract<IncomingCallDecision, { kind: 'accepted' }>;

/** Everything written when a call is accepted; the alert's id is the session's. */
export interface ArrivalRecord {
  alert: NewAlert;
  events: NewAlertEvent[];
  /** The call's session as first stored (version 1). */
  session: CallSession;
  /** How the engine opened the call; its commands are left to carry out. */
  transition: Transition;
  /**
   * Where the welcome leads, as the engine decided: the voicemail (or "try
   * later") also when the plan has nobody to dial.
   */
  next: AfterWelcome;
}

/** Where the welcome leads once the engine has opened the call in `state`. */
function afterWelcome(decision: AcceptedCall, state: CallState): AfterWelcome {
  if (state === 'voicemail') {
    return {
      kind: 'voicemail',
      prompt: decision.integration.config.voicemail.prompt,
    };
  }
  return state === 'turned-away' ? { kind: 'try-later' } : decision.next;
}

/**
 * The alert, its first events and the session of an accepted call, as the
 * engine opens it, with the priority, tags and extra recipients of the
 * alert rule the caller matches. Only a caller who is queued is planned
 * for. Pure.
 */
export function arrivalRecord(
  decision: AcceptedCall,
  call: IncomingCall,
  plan: Planner,
  alertId: string,
): ArrivalRecord {
  const { config } = decision.integration;
  const rule = alertRuleOutcome(config, call.from);
  const planned =
    decision.next.kind === 'queue'
      ? plan(config.recipients, config.usersToTry, call.at, rule.extra)
      : undefined;
  const transition = arrive(
    {
      type: 'call-arrived',
      from: call.from,
      to: call.to,
      integrationName: config.name,
      next: decision.next.kind,
      plan: planned ? dialSteps(planned.tiers) : [],
      skipped: planned?.skipped ?? [],
      voicemail: config.voicemail.enabled,
      closeWhenCallEnds: config.closeAlertWhenCallEnds ?? true,
    },
    call.at.getTime(),
  );
  const events: NewAlertEvent[] = transition.commands.flatMap(command =>
    command.type === 'record'
      ? [
          {
            type: command.eventType,
            message: command.message,
            userRef: command.userRef,
            at: call.at,
          },
        ]
      : [],
  );
  if (rule.message) {
    // Right after the call-received line the engine records first.
    events.splice(1, 0, {
      type: 'rule-matched',
      message: rule.message,
      at: call.at,
    });
  }
  return {
    alert: {
      teamRef: decision.integration.teamRef,
      integrationId: decision.integration.id,
      callerNumber: call.from,
      dialledNumber: call.to,
      priority: rule.priority,
      tags: rule.tags,
      ...(rule.alertRule && { alertRule: rule.alertRule }),
      notificationsMuted: rule.notificationsMuted,
      responderRefs: [
        ...new Set(transition.session.plan.map(u => u.userRef)),
      ],
      at: call.at,
    },
    events,
    session: {
      callSid: call.callSid,
      integrationId: decision.integration.id,
      alertId,
      version: 1,
      flow: transition.session,
      context: {
        callerNumber: call.from,
        dialledNumber: call.to,
        teamName: config.name,
        teamRef: decision.integration.teamRef,
        language: config.language,
        ringTimeoutSeconds: config.ringTimeoutSeconds,
        queue: callerQueue(call.callSid),
        voicemailPrompt: config.voicemail.prompt,
        ...(rule.extra && { alertRule: rule.extra }),
        ...(rule.notificationsMuted && { notificationsMuted: true }),
      },
    },
    transition,
    next: afterWelcome(decision, transition.session.state),
  };
}
