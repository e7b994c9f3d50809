import type {
  AlertEvent,
  ContactMethod,
} from '@icr/plugin-incoming-call-common';
import type { Knex } from 'knex';

/** The notifications outbox's table (see NotificationStore). */
export const NOTIFICATION_OUTBOX = 'notification_outbox';

/**
 * `AlertEvent.notification` for a timeline's notification events, from the
 * outbox rows they were written for (the event's id is the row's).
 */
export async function withNotificationDetails(
  db: Knex,
  events: AlertEvent[],
): Promise<AlertEvent[]> {
  const ids = events.filter(e => e.type === 'notification-sent').map(e => e.id);
  if (ids.length === 0) return events;
  const rows: Array<{
    id: string;
    method: ContactMethod;
    state: string;
    error: string | null;
  }> = await db(NOTIFICATION_OUTBOX)
    .whereIn('id', ids)
    .select('id', 'method', 'state', 'error');
  const byId = new Map(rows.map(r => [r.id, r]));
  return events.map(event => {
    const row = byId.get(event.id);
    if (!row) return event;
    return {
      ...event,
      notification: {
        method: row.method,
        outcome: row.state === 'sent' ? 'sent' : 'failed',
        ...(row.state !== 'sent' && row.error && { error: row.error }),
      },
    };
  });
}
