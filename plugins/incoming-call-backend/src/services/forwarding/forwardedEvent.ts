import {
  type Alert,
  type AlertEvent,
  type AlertEventType,
  FORWARDED_EVENT_VERSION,
  type ForwardedAlertEvent,
  type ForwardingEventKind,
} from '@icr/plugin-incoming-call-common';

/**
 * The kind of forwarded event a timeline event is, if it is one: the call
 * answered is the alert's acknowledgement by the responder.
 */
const KIND_OF: Partial<Record<AlertEventType, ForwardingEventKind>> = {
  'call-received': 'created',
  answered: 'acknowledged',
  acknowledged: 'acknowledged',
  closed: 'closed',
  reopened: 'reopened',
  voicemail: 'voicemail',
  note: 'note',
};

export const forwardingKindOf = (
  type: AlertEventType,
): ForwardingEventKind | undefined => KIND_OF[type];

/** The alert's page in Backstage. */
export const alertPageUrl = (appBaseUrl: string, alertId: string) =>
  `${appBaseUrl}/incoming-calls/alerts/${encodeURIComponent(alertId)}`;

/** What is forwarded of one event: see `forwardedAlertEventSchema`. */
export function forwardedEvent(options: {
  kind: ForwardingEventKind;
  alert: Alert;
  event: AlertEvent;
  teamName: string;
  integrationName: string;
  appBaseUrl: string;
}): ForwardedAlertEvent {
  const { kind, alert, event } = options;
  return {
    type: `alert.${kind}`,
    version: FORWARDED_EVENT_VERSION,
    alert: {
      id: alert.id,
      url: alertPageUrl(options.appBaseUrl, alert.id),
      teamRef: alert.teamRef,
      teamName: options.teamName,
      integrationId: alert.integrationId,
      integrationName: options.integrationName,
      callerNumber: alert.callerNumber,
      dialledNumber: alert.dialledNumber,
      status: alert.status,
      priority: alert.priority,
      tags: alert.tags,
      outcome: alert.outcome,
      acknowledgedBy: alert.acknowledgedBy,
      answeredBy: alert.answeredBy,
      createdAt: alert.createdAt,
    },
    event: {
      id: event.id,
      kind,
      type: event.type,
      at: event.at,
      message: event.message,
      userRef: event.userRef,
      actorRef: event.actorRef,
    },
  };
}
