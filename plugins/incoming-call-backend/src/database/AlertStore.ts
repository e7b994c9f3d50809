import { randomUUID } from 'node:crypto';
import { InputError } from '@backstage/errors';
import type {
  Alert,
  AlertEvent,
  AlertEventType,
  AlertListQuery,
  AlertPage,
  AlertPriority,
  AlertStatus,
  AlertWithTimeline,
} from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';

interface AlertRow {
  id: string;
  team_ref: string;
  integration_id: string;
  caller_number: string;
  dialled_number: string;
  status: AlertStatus;
  priority: AlertPriority;
  tags: string;
  acknowledged_by: string | null;
  // bigint columns come back as strings from PostgreSQL
  created_at: number | string;
  updated_at: number | string;
}

interface AlertEventRow {
  id: string;
  alert_id: string;
  type: AlertEventType;
  at: number | string;
  message: string;
  user_ref: string | null;
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
  acknowledged_by: null,
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
});

const iso = (ms: number | string) => new Date(Number(ms)).toISOString();

function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    teamRef: row.team_ref,
    integrationId: row.integration_id,
    callerNumber: row.caller_number,
    dialledNumber: row.dialled_number,
    status: row.status,
    priority: row.priority,
    tags: JSON.parse(row.tags),
    acknowledgedBy: row.acknowledged_by,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function toEvent(row: AlertEventRow): AlertEvent {
  return {
    id: row.id,
    alertId: row.alert_id,
    type: row.type,
    at: iso(row.at),
    message: row.message,
    userRef: row.user_ref,
  };
}

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

/** @public */
export interface NewAlert {
  teamRef: string;
  integrationId: string;
  callerNumber: string;
  dialledNumber: string;
  priority: AlertPriority;
  tags: string[];
  at: Date;
}

/** @public */
export interface NewAlertEvent {
  /** An idempotency key: adding an event with an id already used fails. */
  id?: string;
  type: AlertEventType;
  message: string;
  userRef?: string;
  at: Date;
}

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

  async acknowledge(id: string, userRef: string, at: Date): Promise<void> {
    await this.db('alerts').where({ id }).update({
      status: 'acknowledged',
      acknowledged_by: userRef,
      updated_at: at.getTime(),
    });
  }

  async close(id: string, at: Date): Promise<void> {
    await this.db('alerts')
      .where({ id })
      .update({ status: 'closed', updated_at: at.getTime() });
  }

  /** A team's alerts, newest first, one keyset page at a time. */
  async listByTeam(teamRef: string, query: AlertListQuery): Promise<AlertPage> {
    let select = this.db<AlertRow>('alerts')
      .where({ team_ref: teamRef })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      // One extra row tells whether another page follows.
      .limit(query.limit + 1);
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
      items: page.map(toAlert),
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
    return { ...toAlert(row), events: events.map(toEvent) };
  }
}
