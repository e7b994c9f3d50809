import type { ContactMethod } from '@icr/plugin-incoming-call-common';
import type { NotificationReason } from '../../domain/notifications/planNotifications';

/**
 * Why a user is notified: 'incoming-call' (the call came in, mode default,
 * or an escalation step came due), 'unanswered' (nobody answered within the
 * integration's delay, mode delayed), 'voicemail' (the caller left one, mode
 * voicemail). Defined with the planner that decides it.
 */
export type { NotificationReason } from '../../domain/notifications/planNotifications';

/** One notification of one user by one contact method, as the outbox holds it. */
export interface NotificationDelivery {
  /** The outbox's unique key: one delivery per alert, step, user and method. */
  key: string;
  reason: NotificationReason;
  alert: {
    id: string;
    teamRef: string;
    teamTitle: string;
    integrationName: string;
    /** E.164, or 'anonymous'. */
    callerNumber: string;
    priority: string;
    tags: string[];
    /** Outage mode: an incident's title, on its parent alert. */
    title?: string;
    /** The alert's page in Backstage, absolute. */
    link: string;
  };
  user: {
    ref: string;
    displayName: string;
    phone?: string;
    email?: string;
  };
}

/**
 * A way of reaching a user (a contact method). `send` resolves once the
 * message was handed over and throws with a readable message when it was
 * not; the outbox records either on the alert's timeline.
 */
export interface NotificationChannel {
  readonly method: ContactMethod;
  send(delivery: NotificationDelivery): Promise<void>;
}
