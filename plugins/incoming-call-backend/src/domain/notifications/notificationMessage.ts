import type {
  AlertPriority,
  ContactMethod,
} from '@icr/plugin-incoming-call-common';
import type { NotificationReason } from './planNotifications';

/** The severities of Backstage's notifications. */
export type NotificationSeverity = 'critical' | 'high' | 'normal' | 'low';

const SEVERITIES: Record<AlertPriority, NotificationSeverity> = {
  P1: 'critical',
  P2: 'high',
  P3: 'normal',
  P4: 'low',
  P5: 'low',
};

/** How urgent a notification of an alert is: P1 critical, P2 high, P3 normal, P4/P5 low. */
export function severityOf(priority: string): NotificationSeverity {
  return SEVERITIES[priority as AlertPriority] ?? 'normal';
}

/** What a notification of an alert says, whatever carries it. */
export interface NotificationText {
  title: string;
  description: string;
}

const caller = (number: string) =>
  number === 'anonymous' ? 'an anonymous caller' : number;

/** The words of a notification: who called whom, and why it reaches the user now. */
export function notificationText(delivery: {
  reason: NotificationReason;
  alert: {
    teamTitle: string;
    integrationName: string;
    callerNumber: string;
    priority: string;
    tags: string[];
    /** Outage mode: an incident's title, on its parent alert. */
    title?: string;
  };
}): NotificationText {
  const { alert } = delivery;
  if (alert.title) {
    return {
      title: `[${alert.priority}] ${alert.title}`,
      description: `Many people are calling ${alert.integrationName} at once: their calls are grouped under one alert. Priority ${alert.priority}. Open the alert to acknowledge it.`,
    };
  }
  const from = caller(alert.callerNumber);
  const title = {
    'incoming-call': `Incoming call for ${alert.teamTitle} from ${from}`,
    unanswered: `Unanswered call for ${alert.teamTitle} from ${from}`,
    voicemail: `Voicemail for ${alert.teamTitle} from ${from}`,
  }[delivery.reason];
  const why = {
    'incoming-call': `${from} is calling ${alert.integrationName}.`,
    unanswered: `Nobody has answered ${from}'s call to ${alert.integrationName} yet.`,
    voicemail: `${from} called ${alert.integrationName} and left a voicemail.`,
  }[delivery.reason];
  const tags = alert.tags.length ? `, tagged ${alert.tags.join(', ')}` : '';
  return {
    title: `[${alert.priority}] ${title}`,
    description: `${why} Priority ${alert.priority}${tags}. Open the alert to acknowledge it.`,
  };
}

const METHOD_NAMES: Record<ContactMethod, string> = {
  backstage: 'in Backstage',
  email: 'by e-mail',
  sms: 'by SMS',
};

/** The timeline's line for a notification that was sent, or could not be. */
export function notificationEventMessage(outcome: {
  displayName: string;
  method: ContactMethod;
  step: number;
  error?: string;
}): string {
  const how = METHOD_NAMES[outcome.method];
  const step = outcome.step > 0 ? ` (escalation step ${outcome.step + 1})` : '';
  return outcome.error === undefined
    ? `Notified ${outcome.displayName} ${how}${step}`
    : `Could not notify ${outcome.displayName} ${how}${step}: ${outcome.error}`;
}
