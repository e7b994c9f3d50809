import { randomUUID } from 'node:crypto';
import { InputError } from '@backstage/errors';
import type {
  Alert,
  AlertEvent,
  AlertListQuery,
  AlertPage,
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
