import { randomUUID } from 'node:crypto';
import { InputError } from '@backstage/errors';
import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import type {
  Alert,
  AlertEvent,
  AlertListQuery,
  AlertOutcome,
  AlertPage,
  AlertSearchQuery,
  AlertStatus,
  AlertWithTimeline,
} from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';
import type { NewAlert, NewAlertEvent } from '../domain/alerts/newAlert';
import {
  type AlertEventRow,
  type AlertRow,
  alertRow,
  eventRow,
  toAlert,
  toEvent,
} from './rows';
import { toAlertVoicemail } from './VoicemailStore';
import { withNotificationDetails } from './NotificationDetails';

/** The keyset position after an alert: its creation time and id. */
interface Cursor {
  createdAt: number;
  id: string;
}

function encodeCursor(row: AlertRow): string {
  return Buffer.from(`${Number(row.created_at)}:${row.id}`).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): Cursor {
  const [createdAt, id] = Buffer.from(cursor, 'base64url')
    .toString()
    .split(':');
  if (!/^\d+$/.test(createdAt ?? '') || !id) {
    throw new InputError('cursor: not a cursor this API returned');
  }
  return { createdAt: Number(createdAt), id };
}

/**
 * Which alerts someone may see, as the permission policy narrowed them: the
 * alerts of these teams, or whose dial plan rings this user; combined with
 * allOf/anyOf/not. `undefined` (no criteria): every alert.
 */
export type AlertAccess = PermissionCriteria<{
  teamRefs: string[];
  responderRef: string;
}>;

/** The manual actions on an alert: the statuses each applies to, and its result. */
export const ALERT_ACTIONS = {
  acknowledge: { from: ['open'], to: 'acknowledged', event: 'acknowledged' },
  close: { from: ['open', 'acknowledged'], to: 'closed', event: 'closed' },
  reopen: { from: ['closed'], to: 'open', event: 'reopened' },
} as const satisfies Record<
  string,
  { from: AlertStatus[]; to: AlertStatus; event: string }
>;
/** @see ALERT_ACTIONS */
export type AlertAction = keyof typeof ALERT_ACTIONS;

/** Escapes a LIKE pattern's wildcards (the statements say `ESCAPE '\\'`). */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, c => `\\${c}`);

function applyAccess(q: Knex.QueryBuilder, access: AlertAccess): void {
  if ('allOf' in access) {
    q.where(all =>
      access.allOf.forEach(c => all.where(w => applyAccess(w, c))),
    );
  } else if ('anyOf' in access) {
    if (access.anyOf.length === 0) q.whereRaw('1 = 0');
    else
      q.where(any =>
        access.anyOf.forEach(c => any.orWhere(w => applyAccess(w, c))),
      );
  } else if ('not' in access) {
    q.whereNot(w => applyAccess(w, access.not));
  } else {
    q.where(w => {
      if (access.teamRefs.length > 0) w.whereIn('team_ref', access.teamRefs);
      w.orWhereRaw(`responder_refs LIKE ? ESCAPE '\\'`, [
        `%${likeEscape(JSON.stringify(access.responderRef))}%`,
      ]);
    });
  }
}

/**
 * An incident's calls are listed under it, not beside it: a call grouped
 * under an incident is left out wherever the incident itself is listed,
 * that is when the user may read the incident.
 */
function foldIncidentCalls(
  q: Knex.QueryBuilder,
  access: AlertAccess | undefined,
): void {
  q.whereNull('parent_alert_id');
  if (!access) return;
  q.orWhereNotExists(incident => {
    incident
      .select('id')
      .from('alerts as incident')
      .whereRaw('incident.id = alerts.parent_alert_id');
    // The criteria's columns resolve to the incident's row here.
    incident.where(w => applyAccess(w, access));
  });
}

const ACTION_MESSAGES: Record<AlertAction, string> = {
  acknowledge: 'Acknowledged',
  close: 'Closed',
  reopen: 'Reopened',
};

/** Call alerts and their timelines. */
export class AlertStore {
  constructor(private readonly db: Knex) {}

  async create(alert: NewAlert): Promise<Alert> {
    const row = alertRow(randomUUID(), alert);
    await this.db('alerts').insert(row);
    return toAlert(row);
  }

  /**
   * Creates alerts with their first events in two statements, however
   * many: a burst of calls shares them.
   */
  async createMany(
    batch: Array<{ id: string; alert: NewAlert; events: NewAlertEvent[] }>,
  ): Promise<void> {
    if (batch.length === 0) return;
    await this.db('alerts').insert(batch.map(b => alertRow(b.id, b.alert)));
    const events = batch.flatMap(b => b.events.map(e => eventRow(b.id, e)));
    if (events.length > 0) await this.db('alert_events').insert(events);
  }

  async addEvent(alertId: string, event: NewAlertEvent): Promise<AlertEvent> {
    const row = eventRow(alertId, event);
    await this.db('alert_events').insert(row);
    return toEvent(row);
  }

  async hasEvent(eventId: string): Promise<boolean> {
    return Boolean(
      await this.db('alert_events').where({ id: eventId }).first('id'),
    );
  }

  /**
   * The call was answered by `userRef`: it acknowledges the alert, unless
   * somebody did by hand already (or closed it).
   */
  async acknowledge(id: string, userRef: string, at: Date): Promise<void> {
    await this.db('alerts').where({ id }).update({
      answered_by: userRef,
      outcome: 'answered',
      updated_at: at.getTime(),
    });
    await this.db('alerts').where({ id, status: 'open' }).update({
      status: 'acknowledged',
      acknowledged_by: userRef,
    });
  }

  /** The users the call's dial plan rings (after a menu choice). */
  async setResponders(id: string, userRefs: string[], at: Date): Promise<void> {
    await this.db('alerts')
      .where({ id })
      .update({
        responder_refs: JSON.stringify(userRefs),
        updated_at: at.getTime(),
      });
  }

  /** The call is over: how it went and how long it lasted. */
  async setOutcome(
    id: string,
    outcome: AlertOutcome,
    durationSeconds: number,
    at: Date,
  ): Promise<void> {
    await this.db('alerts').where({ id }).update({
      outcome,
      duration_seconds: durationSeconds,
      updated_at: at.getTime(),
    });
  }

  /** Closes the alert unless it is closed; whether it did. */
  async close(id: string, at: Date): Promise<boolean> {
    const changed = await this.db('alerts')
      .where({ id })
      .whereNot({ status: 'closed' })
      .update({ status: 'closed', updated_at: at.getTime() });
    return changed > 0;
  }

  /**
   * A manual action: one conditional UPDATE (`WHERE status IN …`), so that
   * of two people acting at once (on any replicas) one changes the alert
   * and the other learns it changed nothing. `changed` tells which; the
   * event is added only with a change. Undefined when there is no alert.
   */
  async act(
    id: string,
    action: AlertAction,
    actorRef: string,
    at: Date,
  ): Promise<{ changed: boolean; alert: Alert } | undefined> {
    const { from, to, event } = ALERT_ACTIONS[action];
    const changes: Record<string, unknown> = {
      status: to,
      updated_at: at.getTime(),
    };
    if (action === 'acknowledge') changes.acknowledged_by = actorRef;
    const changed =
      (await this.db('alerts')
        .where({ id })
        .whereIn('status', [...from])
        .update(changes)) > 0;
    if (changed) {
      await this.addEvent(id, {
        type: event,
        message: ACTION_MESSAGES[action],
        actorRef,
        at,
      });
    }
    const row = await this.db<AlertRow>('alerts').where({ id }).first();
    return row ? { changed, alert: toAlert(row) } : undefined;
  }

  /** The alert's row, for permission checks and signals. */
  async get(
    id: string,
  ): Promise<(Alert & { responderRefs: string[] }) | undefined> {
    const row = await this.db<AlertRow>('alerts').where({ id }).first();
    return row
      ? {
          ...toAlert(row),
          responderRefs: JSON.parse(row.responder_refs ?? '[]'),
        }
      : undefined;
  }

  /** A team's alerts, newest first, one keyset page at a time. */
  listByTeam(
    teamRef: string,
    query: AlertListQuery,
    access?: AlertAccess,
  ): Promise<AlertPage> {
    return this.search({ ...query, team: teamRef }, access);
  }

  /**
   * Alerts across teams, newest first, one keyset page at a time, narrowed
   * by the query's filters and by what the user may see.
   */
  async search(
    query: AlertListQuery & Partial<AlertSearchQuery>,
    access?: AlertAccess,
  ): Promise<AlertPage> {
    let select = this.db<AlertRow>('alerts')
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      // One extra row tells whether another page follows.
      .limit(query.limit + 1);
    if (query.team) select = select.where({ team_ref: query.team });
    if (query.status) select = select.where({ status: query.status });
    if (query.outcome) select = select.where({ outcome: query.outcome });
    if (query.parent) select = select.where({ parent_alert_id: query.parent });
    if (query.from) {
      select = select.where('created_at', '>=', Date.parse(query.from));
    }
    if (query.to)
      select = select.where('created_at', '<', Date.parse(query.to));
    if (query.caller) {
      select = select.whereRaw(`caller_number LIKE ? ESCAPE '\\'`, [
        `${likeEscape(query.caller)}%`,
      ]);
    }
    if (access) select = select.where(q => applyAccess(q, access));
    if (!query.parent && !query.caller && !query.outcome) {
      select = select.where(q => foldIncidentCalls(q, access));
    }
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      select = select.where(q =>
        q
          .where('created_at', '<', after.createdAt)
          .orWhere(q2 =>
            q2
              .where('created_at', '=', after.createdAt)
              .where('id', '<', after.id),
          ),
      );
    }
    const rows = await select;
    const page = rows.slice(0, query.limit);
    return {
      items: await this.withVoicemails(page.map(toAlert)),
      ...(rows.length > query.limit && {
        nextCursor: encodeCursor(page[page.length - 1]),
      }),
    };
  }

  async getWithTimeline(id: string): Promise<AlertWithTimeline | undefined> {
    const row = await this.db<AlertRow>('alerts').where({ id }).first();
    if (!row) return undefined;
    const events = await this.db<AlertEventRow>('alert_events')
      .where({ alert_id: id })
      .orderBy([
        { column: 'at', order: 'asc' },
        { column: 'seq', order: 'asc' },
      ]);
    const [alert] = await this.withVoicemails([toAlert(row)]);
    return {
      ...alert,
      events: await withNotificationDetails(this.db, events.map(toEvent)),
    };
  }

  /**
   * `Alert.voicemail` from `alert_voicemails` (one statement for a page):
   * the recording and its transcript, or null when the caller left none.
   */
  private async withVoicemails(alerts: Alert[]): Promise<Alert[]> {
    if (alerts.length === 0) return alerts;
    const rows: Array<{
      alert_id: string;
      recording_sid: string;
      duration_seconds: number | string;
      transcript: string | null;
    }> = await this.db('alert_voicemails')
      .whereIn(
        'alert_id',
        alerts.map(a => a.id),
      )
      .select('alert_id', 'recording_sid', 'duration_seconds', 'transcript');
    const byAlert = new Map(rows.map(r => [r.alert_id, toAlertVoicemail(r)]));
    return alerts.map(a => ({ ...a, voicemail: byAlert.get(a.id) ?? null }));
  }
}
