import { z } from 'zod';
import type { ContactMethod } from '../catalog/annotations';

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
  /** An alert rule matched the caller's number (see `matchAlertRule`). */
  'rule-matched',
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
  'reopened',
  /** Outage mode: an incident opened (on the parent), a call grouped under it (on the child). */
  'incident',
] as const;
/** @public */
export type AlertEventType = (typeof ALERT_EVENT_TYPES)[number];

/**
 * How the call behind an alert went: still ringing (`pending`), taken by a
 * responder, ended in a voicemail, abandoned by the caller before anyone
 * answered, or refused by the blocklist (a filter value; blocked calls are
 * counted, not kept as alerts).
 *
 * @public
 */
export const ALERT_OUTCOMES = [
  'pending',
  'answered',
  'voicemail',
  'abandoned',
  'blocked',
] as const;
/** @public */
export type AlertOutcome = (typeof ALERT_OUTCOMES)[number];

/**
 * The voicemail a caller left, if any.
 *
 * @public
 */
export interface AlertVoicemail {
  recordingSid: string;
  durationSeconds: number;
  transcript?: string;
}

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
  /** The name of the alert rule that matched the caller's number, if any. */
  alertRule?: string;
  /**
   * The matched rule says no notifications: nobody is notified of this
   * call (it is still dialled).
   */
  notificationsMuted?: boolean;
  /** The user who acknowledged the alert (confirmed the call), if any. */
  acknowledgedBy: string | null;
  /** How the call went. */
  outcome: AlertOutcome;
  /** The user who answered the call, if anyone did. */
  answeredBy: string | null;
  /** The display name of `answeredBy`, from the catalog, when known. */
  answeredByName?: string;
  /** How long the call lasted, once it has ended. */
  durationSeconds: number | null;
  /** The display name of the team, from the catalog, when known. */
  teamName?: string;
  /** The voicemail the caller left, if any. */
  voicemail?: AlertVoicemail | null;
  /** Outage mode: the incident (parent alert) this call is grouped under. */
  parentAlertId?: string;
  /** Outage mode: set on an incident's parent alert, the calls grouped under it. */
  childCount?: number;
  /** Outage mode: an incident's title ("Incident: 11 calls to Platform hotline in 5 minutes"). */
  title?: string;
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
  /** Who did it, for manual actions (acknowledge, close, reopen, note). */
  actorRef: string | null;
  /** The display name of `userRef`, from the catalog, filled by the API. */
  userName?: string;
  /** The display name of `actorRef`, from the catalog, filled by the API. */
  actorName?: string;
  /** The recording, on a voicemail event. */
  recordingSid?: string;
  /** On a `notification-sent` event: how the user was notified, and how it went. */
  notification?: AlertEventNotification;
}

/**
 * A notification on the timeline: the contact method, sent (handed to the
 * channel) or failed for good, and why it failed.
 *
 * @public
 */
export interface AlertEventNotification {
  method: ContactMethod;
  outcome: 'sent' | 'failed';
  error?: string;
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

/**
 * Searching alerts across teams (`GET /alerts`): every filter is optional;
 * keyset pages, newest first.
 *
 * @public
 */
export const alertSearchQuerySchema = alertListQuerySchema.extend({
  team: z.string().min(1).optional(),
  status: z.enum(ALERT_STATUSES).optional(),
  from: z.string().datetime({ offset: true, message: 'from is an ISO 8601 time' }).optional(),
  to: z.string().datetime({ offset: true, message: 'to is an ISO 8601 time' }).optional(),
  caller: z
    .string()
    .regex(/^\+?[0-9]{1,15}$/, 'caller is an E.164 number or a prefix of one')
    .optional(),
  outcome: z.enum(ALERT_OUTCOMES).optional(),
  /** Outage mode: the calls grouped under this incident (its parent alert's id). */
  parent: z.string().min(1).max(36).optional(),
});
/** @public */
export type AlertSearchQuery = z.infer<typeof alertSearchQuerySchema>;

/** @public */
export const alertNoteInputSchema = z.object({
  text: z
    .string({ message: 'text is required' })
    .trim()
    .min(1, 'text is required')
    .max(2000, 'text is at most 2000 characters'),
});
/** @public */
export type AlertNoteInput = z.infer<typeof alertNoteInputSchema>;

/**
 * The live-update signal: channel and message. No alert data travels in it;
 * the frontend re-fetches what changed, behind the read permission.
 *
 * @public
 */
export const ALERT_SIGNAL_CHANNEL = 'incoming-call:alerts';
/** @public */
export interface AlertSignalMessage {
  alertId: string;
  teamRef: string;
  change: 'created' | 'updated' | 'event';
}
