import { randomUUID } from 'node:crypto';
import type {
  Alert,
  AlertEvent,
  AlertEventType,
  AlertOutcome,
  AlertPriority,
  AlertStatus,
} from '@icr/plugin-incoming-call-common';
import type { NewAlert, NewAlertEvent } from '../domain/alerts/newAlert';
import type { CallSessionState, CallState } from '../domain/engine/callEngine';
import type { CallContext, CallSession } from '../domain/engine/callSession';
import { wakeAt } from '../domain/engine/timers';

/*
 * The rows of alerts and calls and how they map to the model: shared by the
 * stores and by the raw SQL that records a burst of arrivals at once.
 * bigint columns come back as strings from PostgreSQL.
 */

export interface AlertRow {
  id: string;
  team_ref: string;
  integration_id: string;
  caller_number: string;
  dialled_number: string;
  status: AlertStatus;
  priority: AlertPriority;
  tags: string;
  /** The alert rule that matched the caller, if any. */
  alert_rule: string | null;
  /** 0/1 on SQLite. */
  notifications_muted: boolean | number;
  acknowledged_by: string | null;
  outcome: AlertOutcome;
  answered_by: string | null;
  duration_seconds: number | null;
  /** The users the call's dial plan rings, string[] as JSON. */
  responder_refs: string;
  created_at: number | string;
  updated_at: number | string;
  /** Outage mode: the incident a call is grouped under (see IncidentStore). */
  parent_alert_id?: string | null;
  /** Outage mode: not null on an incident's parent alert only. */
  child_count?: number | string | null;
  title?: string | null;
}

export interface AlertEventRow {
  id: string;
  alert_id: string;
  type: AlertEventType;
  at: number | string;
  message: string;
  user_ref: string | null;
  actor_ref: string | null;
}

export interface CallSessionRow {
  call_sid: string;
  integration_id: string;
  alert_id: string;
  state: CallState;
  version: number;
  data: string;
  wake_at: number | string | null;
  created_at: number | string;
  updated_at: number | string;
}

/** A caller a blocklist turned away. */
export interface Rejection {
  callSid: string;
  integrationId: string;
  callerNumber: string;
  at: Date;
}

/** The row of a new alert. */
export const alertRow = (id: string, alert: NewAlert): AlertRow => ({
  id,
  team_ref: alert.teamRef,
  integration_id: alert.integrationId,
  caller_number: alert.callerNumber,
  dialled_number: alert.dialledNumber,
  status: 'open',
  priority: alert.priority,
  tags: JSON.stringify(alert.tags),
  alert_rule: alert.alertRule ?? null,
  notifications_muted: alert.notificationsMuted ?? false,
  acknowledged_by: null,
  outcome: 'pending',
  answered_by: null,
  duration_seconds: null,
  responder_refs: JSON.stringify(alert.responderRefs ?? []),
  created_at: alert.at.getTime(),
  updated_at: alert.at.getTime(),
});

/** The row of a new event of an alert. */
export const eventRow = (
  alertId: string,
  event: NewAlertEvent,
): AlertEventRow => ({
  id: event.id ?? randomUUID(),
  alert_id: alertId,
  type: event.type,
  at: event.at.getTime(),
  message: event.message,
  user_ref: event.userRef ?? null,
  actor_ref: event.actorRef ?? null,
});

const iso = (ms: number | string) => new Date(Number(ms)).toISOString();

export function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    teamRef: row.team_ref,
    integrationId: row.integration_id,
    callerNumber: row.caller_number,
    dialledNumber: row.dialled_number,
    status: row.status,
    priority: row.priority,
    tags: JSON.parse(row.tags),
    ...(row.alert_rule && { alertRule: row.alert_rule }),
    notificationsMuted: Boolean(row.notifications_muted),
    acknowledgedBy: row.acknowledged_by,
    outcome: row.outcome ?? 'pending',
    answeredBy: row.answered_by ?? null,
    durationSeconds:
      row.duration_seconds === null || row.duration_seconds === undefined
        ? null
        : Number(row.duration_seconds),
    ...(row.parent_alert_id && { parentAlertId: row.parent_alert_id }),
    ...(row.child_count !== null &&
      row.child_count !== undefined && {
        childCount: Number(row.child_count),
      }),
    ...(row.title && { title: row.title }),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function toEvent(row: AlertEventRow): AlertEvent {
  return {
    id: row.id,
    alertId: row.alert_id,
    type: row.type,
    at: iso(row.at),
    message: row.message,
    userRef: row.user_ref,
    actorRef: row.actor_ref ?? null,
    // A voicemail event's id is its recording's SID.
    ...(row.type === 'voicemail' && { recordingSid: row.id }),
  };
}

export const toSession = (row: CallSessionRow): CallSession => {
  const { flow, context } = JSON.parse(row.data);
  return {
    callSid: row.call_sid,
    integrationId: row.integration_id,
    alertId: row.alert_id,
    version: row.version,
    flow,
    context,
  };
};

/** The columns that follow from a call's engine state. */
export const flowColumns = (flow: CallSessionState, context: CallContext) => ({
  state: flow.state,
  data: JSON.stringify({ flow, context }),
  wake_at: wakeAt(flow, context.ringTimeoutSeconds) ?? null,
});

/** The row of a call that has just arrived. */
export const sessionRow = (session: CallSession, at: Date): CallSessionRow => ({
  call_sid: session.callSid,
  integration_id: session.integrationId,
  alert_id: session.alertId,
  version: session.version,
  ...flowColumns(session.flow, session.context),
  created_at: at.getTime(),
  updated_at: at.getTime(),
});

/** The row of a rejected caller. */
export const rejectionRow = (rejection: Rejection) => ({
  call_sid: rejection.callSid,
  integration_id: rejection.integrationId,
  caller_number: rejection.callerNumber,
  at: rejection.at.getTime(),
});

/** Orders things by call SID: the order replicas lock sessions in. */
export const bySid =
  <T>(sid: (item: T) => string) =>
  (a: T, b: T) => {
    const [x, y] = [sid(a), sid(b)];
    if (x === y) return 0;
    return x < y ? -1 : 1;
  };
