import type { Knex } from 'knex';
import type { CallSessionState } from '../domain/engine/callEngine';
import type { CallSession } from '../domain/engine/callSession';
import {
  bySid,
  type CallSessionRow,
  flowColumns,
  type Rejection,
  rejectionRow,
  sessionRow,
  toSession,
} from './rows';
import { retryTransient } from './retryTransient';

/** A session read at `session.version`, to be moved on to `flow`. */
export interface SessionAdvance {
  session: CallSession;
  flow: CallSessionState;
  at: Date;
}

/** Calls in progress and callers turned away. */
export class CallStore {
  constructor(private readonly db: Knex) {}

  async getSession(callSid: string): Promise<CallSession | undefined> {
    const row = await this.db<CallSessionRow>('call_sessions')
      .where({ call_sid: callSid })
      .first();
    return row && toSession(row);
  }

  /** The sessions of the calls (those stored), by call SID, in one read. */
  async getSessions(callSids: string[]): Promise<Map<string, CallSession>> {
    if (callSids.length === 0) return new Map();
    const rows = await this.db<CallSessionRow>('call_sessions').whereIn(
      'call_sid',
      callSids,
    );
    return new Map(rows.map(row => [row.call_sid, toSession(row)]));
  }

  /**
   * Records calls that have just arrived, in one statement, and returns the
   * alert ids of those it recorded. A call already recorded (by another
   * replica, or on Twilio's retry of its webhook) is left as it was: the
   * call SID is the primary key.
   */
  async startSessions(
    arrivals: Array<{ session: CallSession; at: Date }>,
  ): Promise<Set<string>> {
    const rows: Array<{ alert_id: string }> = await this.db<CallSessionRow>(
      'call_sessions',
    )
      .insert(
        [...arrivals]
          .sort(bySid(a => a.session.callSid))
          .map(({ session, at }) => sessionRow(session, at)),
      )
      .onConflict('call_sid')
      .ignore()
      .returning('alert_id');
    return new Set(rows.map(row => row.alert_id));
  }

  /**
   * Stores the next engine state of a session read at `session.version`.
   * False when another request (a duplicate callback, another replica)
   * moved it first: the caller then reads it again and retries.
   */
  async advance(
    session: CallSession,
    flow: CallSessionState,
    at: Date,
  ): Promise<boolean> {
    const updated = await this.db<CallSessionRow>('call_sessions')
      .where({ call_sid: session.callSid, version: session.version })
      .update({
        ...flowColumns(flow, session.context),
        version: session.version + 1,
        updated_at: at.getTime(),
      });
    return updated === 1;
  }

  /**
   * `advance` for many sessions in one statement, each under its own
   * version; says for each whether it was stored. A call named twice is
   * advanced at most once: its first entry is tried, the others are not
   * stored.
   */
  async advanceMany(advances: SessionAdvance[]): Promise<boolean[]> {
    const first = new Map<string, number>();
    advances.forEach(({ session }, i) => {
      if (!first.has(session.callSid)) first.set(session.callSid, i);
    });
    // In call SID order, so that replicas advancing the same calls lock
    // their rows in the same order and never deadlock.
    const tried = [...first.values()]
      .map(i => advances[i])
      .sort(bySid(a => a.session.callSid));
    // Portable to SQLite and PostgreSQL: the VALUES columns are column1..6,
    // typed by CAST, and the RETURNING column is unqualified.
    const values =
      '(CAST(? AS TEXT), CAST(? AS INTEGER), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT))';
    const statement = () =>
      this.db.raw(
        `UPDATE call_sessions SET state = v.column3, version = v.column2 + 1,
         data = v.column4, wake_at = v.column5, updated_at = v.column6
       FROM (VALUES ${tried.map(() => values).join(', ')}) AS v
       WHERE call_sessions.call_sid = v.column1
         AND call_sessions.version = v.column2
       RETURNING call_sid`,
        tried.flatMap(({ session, flow, at }) => {
          const { state, data, wake_at } = flowColumns(flow, session.context);
          return [
            session.callSid,
            session.version,
            state,
            data,
            wake_at,
            at.getTime(),
          ];
        }),
      );
    const result = await retryTransient(statement);
    const rows: Array<{ call_sid: string }> = Array.isArray(result)
      ? result
      : result.rows;
    const stored = new Set(rows.map(row => row.call_sid));
    return advances.map(
      ({ session }, i) =>
        first.get(session.callSid) === i && stored.has(session.callSid),
    );
  }

  /** The call whose alert this is, if the alert came from a call. */
  async getByAlert(alertId: string): Promise<CallSession | undefined> {
    const row = await this.db<CallSessionRow>('call_sessions')
      .where({ alert_id: alertId })
      .first();
    return row && toSession(row);
  }

  /** Calls owed an event by `now` (ms): timers due, soonest first. */
  async due(now: number, limit = 500): Promise<CallSession[]> {
    const rows = await this.db<CallSessionRow>('call_sessions')
      .where('wake_at', '<=', now)
      .orderBy('wake_at')
      .limit(limit);
    return rows.map(toSession);
  }

  /**
   * Keeps a caller's final status that came before their session was
   * stored (the voice webhook's work still under way), to apply once it is.
   */
  async keepEarlyStatus(early: {
    callSid: string;
    status: string;
    durationSeconds: number;
    at: Date;
  }): Promise<void> {
    await this.db('early_call_statuses')
      .insert({
        call_sid: early.callSid,
        status: early.status,
        duration_seconds: Math.round(early.durationSeconds),
        created_at: early.at.getTime(),
      })
      .onConflict('call_sid')
      .ignore();
  }

  /** The early final statuses kept for these calls, by call SID. */
  async earlyStatuses(
    callSids: string[],
  ): Promise<Map<string, { status: string; durationSeconds: number }>> {
    if (callSids.length === 0) return new Map();
    const rows: Array<{
      call_sid: string;
      status: string;
      duration_seconds: number;
    }> = await this.db('early_call_statuses').whereIn('call_sid', callSids);
    return new Map(
      rows.map(row => [
        row.call_sid,
        { status: row.status, durationSeconds: Number(row.duration_seconds) },
      ]),
    );
  }

  /** Forgets early statuses kept before `before` (ms) whose call never came. */
  async forgetEarlyStatuses(before: number): Promise<void> {
    await this.db('early_call_statuses')
      .where('created_at', '<', before)
      .delete();
  }

  /**
   * Sessions not over whose last change is older than `before` (ms): the
   * sweep asks Twilio whether their callers are still there.
   */
  async stale(before: number, limit = 100): Promise<CallSession[]> {
    const rows = await this.db<CallSessionRow>('call_sessions')
      .whereNot('state', 'ended')
      .where('updated_at', '<', before)
      .orderBy('updated_at')
      .limit(limit);
    return rows.map(toSession);
  }

  /** Callers refused by a blocklist, in one statement; each call once. */
  async recordRejections(rejections: Rejection[]) {
    if (rejections.length === 0) return;
    await this.db('call_rejections')
      .insert(rejections.map(rejectionRow))
      .onConflict('call_sid')
      .ignore();
  }
}
