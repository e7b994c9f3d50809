import type { Knex } from 'knex';
import type { NewAlert, NewAlertEvent } from '../domain/alerts/newAlert';
import type { CallSession } from '../domain/engine/callSession';
import { AlertStore } from './AlertStore';
import { CallStore } from './CallStore';
import { retryTransient } from './retryTransient';
import {
  alertRow,
  bySid,
  eventRow,
  type Rejection,
  rejectionRow,
  sessionRow,
} from './rows';
import { readRoutingVersion } from './RoutingVersionStore';

/** What a batch of arriving calls writes. */
export interface Arrivals {
  /** The accepted calls: each session with its alert (`session.alertId`). */
  accepted: Array<{
    session: CallSession;
    alert: NewAlert;
    events: NewAlertEvent[];
  }>;
  rejected: Rejection[];
}

/**
 * On PostgreSQL, the whole batch is one statement: data-modifying CTEs,
 * each table's rows passed as one JSON parameter and typed by the table
 * itself, and nothing written unless the routing version is still the one
 * the calls were decided from. A statement is atomic on its own, so the
 * webhook waits for one round trip instead of six (BEGIN, the version,
 * three inserts, COMMIT).
 */
const POSTGRES_ARRIVALS = `
WITH current_routing AS (
  SELECT 1 FROM routing_version WHERE id = 'routing' AND version = ?
), sessions AS (
  INSERT INTO call_sessions (call_sid, integration_id, alert_id, state, version, data, wake_at, created_at, updated_at)
  SELECT call_sid, integration_id, alert_id, state, version, data, wake_at, created_at, updated_at
  FROM jsonb_populate_recordset(NULL::call_sessions, ?::jsonb)
  WHERE EXISTS (SELECT 1 FROM current_routing)
  ON CONFLICT (call_sid) DO NOTHING
  RETURNING alert_id
), new_alerts AS (
  INSERT INTO alerts (id, team_ref, integration_id, caller_number, dialled_number, status, priority, tags, alert_rule, notifications_muted, acknowledged_by, outcome, answered_by, duration_seconds, responder_refs, created_at, updated_at)
  SELECT r.id, r.team_ref, r.integration_id, r.caller_number, r.dialled_number, r.status, r.priority, r.tags, r.alert_rule, r.notifications_muted, r.acknowledged_by, r.outcome, r.answered_by, r.duration_seconds, r.responder_refs, r.created_at, r.updated_at
  FROM jsonb_populate_recordset(NULL::alerts, ?::jsonb) AS r
  WHERE r.id IN (SELECT alert_id FROM sessions)
  RETURNING id
), new_events AS (
  INSERT INTO alert_events (id, alert_id, type, at, message, user_ref, actor_ref)
  SELECT r.id, r.alert_id, r.type, r.at, r.message, r.user_ref, r.actor_ref
  FROM jsonb_populate_recordset(NULL::alert_events, ?::jsonb) AS r
  WHERE r.alert_id IN (SELECT id FROM new_alerts)
), rejections AS (
  INSERT INTO call_rejections (call_sid, integration_id, caller_number, at)
  SELECT r.call_sid, r.integration_id, r.caller_number, r.at
  FROM jsonb_populate_recordset(NULL::call_rejections, ?::jsonb) AS r
  WHERE EXISTS (SELECT 1 FROM current_routing)
  ON CONFLICT (call_sid) DO NOTHING
)
SELECT EXISTS (SELECT 1 FROM current_routing) AS current,
  ARRAY(SELECT alert_id FROM sessions) AS recorded`;

/**
 * Records a batch of arriving calls, all or nothing, if they were decided
 * from the current routing (`routingVersion`, see `RoutingCache`); returns
 * the alert ids of the calls it recorded, or `undefined`, writing nothing,
 * when the routing has changed since. A call whose SID is recorded already
 * (by another replica, or on Twilio's retry of its webhook) keeps its first
 * alert and gets no second one; so does a call named twice in the batch.
 */
export class ArrivalStore {
  constructor(private readonly db: Knex) {}

  async record(
    { accepted, rejected }: Arrivals,
    routingVersion: number,
  ): Promise<Set<string> | undefined> {
    const { db } = this;
    if (db.client.dialect === 'postgresql') {
      const { rows } = await retryTransient(() =>
        db.raw(POSTGRES_ARRIVALS, [
          routingVersion,
          // In call SID order, so that replicas recording the same calls take
          // their keys in the same order and never deadlock.
          JSON.stringify(
            [...accepted]
              .sort(bySid(a => a.session.callSid))
              .map(a => sessionRow(a.session, a.alert.at)),
          ),
          JSON.stringify(
            accepted.map(a => alertRow(a.session.alertId, a.alert)),
          ),
          JSON.stringify(
            accepted.flatMap(a =>
              a.events.map(e => eventRow(a.session.alertId, e)),
            ),
          ),
          JSON.stringify(
            [...rejected].sort(bySid(r => r.callSid)).map(rejectionRow),
          ),
        ]),
      );
      const [{ current, recorded }] = rows as Array<{
        current: boolean;
        recorded: string[];
      }>;
      return current ? new Set(recorded) : undefined;
    }
    // SQLite runs in the process: its round trips cost next to nothing.
    return db.transaction(async tx => {
      if ((await readRoutingVersion(tx)) !== routingVersion) return undefined;
      const calls = new CallStore(tx);
      await calls.recordRejections(rejected);
      if (accepted.length === 0) return new Set<string>();
      // Sessions first: only the calls recorded now get an alert.
      const recorded = await calls.startSessions(
        accepted.map(a => ({ session: a.session, at: a.alert.at })),
      );
      await new AlertStore(tx).createMany(
        accepted
          .filter(a => recorded.has(a.session.alertId))
          .map(a => ({
            id: a.session.alertId,
            alert: a.alert,
            events: a.events,
          })),
      );
      return recorded;
    });
  }
}
