import { z } from 'zod';

/** @public */
export const ALERT_STATUSES = ['open', 'acknowledged', 'closed'] as const;
/** @public */
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** @public */
export const ALERT_PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
/** @public */
export type AlertPriority = (typeof ALERT_PRIORITIES)[number];

/**
 * What can happen during a call, each recorded as one event on the alert's
 * timeline.
 *
 * @public
 */
export const ALERT_EVENT_TYPES = [
  'call-received',
  'menu-choice',
  'responder-dialled',
  'responder-outcome',
  'answered',
  'acknowledged',
  'call-ended',
  'voicemail',
  'caller-hung-up',
  'notification-sent',
  'note',
  'closed',
] as const;
/** @public */
export type AlertEventType = (typeof ALERT_EVENT_TYPES)[number];

/** @public */
export interface Alert {
  id: string;
  teamRef: string;
  integrationId: string;
  callerNumber: string;
  dialledNumber: string;
  status: AlertStatus;
  priority: AlertPriority;
  tags: string[];
  /** The user who acknowledged the alert (confirmed the call), if any. */
  acknowledgedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** @public */
export interface AlertEvent {
  id: string;
  alertId: string;
  type: AlertEventType;
  /** When it happened, ISO 8601. */
  at: string;
  /** One line a person reads on the timeline. */
  message: string;
  /** The user the event is about (a responder, the one who answered). */
  userRef: string | null;
}

/** @public */
export interface AlertWithTimeline extends Alert {
  events: AlertEvent[];
}

/**
 * One page of a team's alerts, newest first. `nextCursor` fetches the page
 * after this one; it is absent on the last page.
 *
 * @public
 */
export interface AlertPage {
  items: Alert[];
  nextCursor?: string;
}

/** @public */
export const alertListQuerySchema = z.object({
  limit: z.coerce
    .number({ message: 'limit is a whole number' })
    .int('limit is a whole number')
    .min(1, 'limit is at least 1')
    .max(100, 'limit is at most 100')
    .default(20),
  cursor: z.string().min(1).optional(),
});
/** @public */
export type AlertListQuery = z.infer<typeof alertListQuerySchema>;
