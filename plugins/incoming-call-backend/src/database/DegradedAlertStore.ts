import type { Knex } from 'knex';
import type { NewAlert, NewAlertEvent } from '../domain/alerts/newAlert';
import { AlertStore } from './AlertStore';

/** An alert for a call answered while the database was unreachable. */
export interface DegradedAlert {
  /** Derived from the call SID: writing it again changes nothing. */
  id: string;
  alert: NewAlert;
  /** Each with its own id, so that a retry adds none twice. */
  events: Array<NewAlertEvent & { id: string }>;
  answeredBy?: { userRef: string; at: Date };
  outcome?: { outcome: 'answered' | 'voicemail'; at: Date };
}

/**
 * Writes the alerts of calls answered in degraded mode, once the database
 * is back: each in one transaction, idempotent on its id and its events'
 * ids, so a retry after a failure half-way (or another replica writing
 * the same call) adds nothing twice.
 */
export class DegradedAlertStore {
  constructor(private readonly db: Knex) {}

  /** The alert id of the call's session, if the call was recorded normally. */
  async sessionAlertId(callSid: string): Promise<string | undefined> {
    const row = await this.db('call_sessions')
      .where({ call_sid: callSid })
      .first('alert_id');
    return row?.alert_id;
  }

  async write(entry: DegradedAlert): Promise<void> {
    await this.db.transaction(async trx => {
      const alerts = new AlertStore(trx);
      const exists = await trx('alerts').where({ id: entry.id }).first('id');
      const known = new Set<string>(
        exists
          ? (
              await trx('alert_events')
                .whereIn(
                  'id',
                  entry.events.map(e => e.id),
                )
                .select('id')
            ).map((r: { id: string }) => r.id)
          : [],
      );
      if (!exists) {
        await alerts.createMany([
          { id: entry.id, alert: entry.alert, events: entry.events },
        ]);
      } else {
        for (const event of entry.events) {
          if (!known.has(event.id)) await alerts.addEvent(entry.id, event);
        }
      }
      if (entry.answeredBy) {
        await alerts.acknowledge(
          entry.id,
          entry.answeredBy.userRef,
          entry.answeredBy.at,
        );
      } else if (entry.outcome) {
        await alerts.setOutcome(
          entry.id,
          entry.outcome.outcome,
          0,
          entry.outcome.at,
        );
      }
    });
  }

  /**
   * Adds events to an existing alert (a call also recorded normally), and
   * who answered it or its voicemail, as `write` does for a new alert.
   */
  async addEvents(
    alertId: string,
    events: Array<NewAlertEvent & { id: string }>,
    { answeredBy, outcome }: Pick<DegradedAlert, 'answeredBy' | 'outcome'> = {},
  ): Promise<void> {
    await this.db.transaction(async trx => {
      const alerts = new AlertStore(trx);
      for (const event of events) {
        if (!(await alerts.hasEvent(event.id))) {
          await alerts.addEvent(alertId, event);
        }
      }
      if (answeredBy) {
        await alerts.acknowledge(alertId, answeredBy.userRef, answeredBy.at);
      } else if (outcome) {
        await alerts.setOutcome(alertId, outcome.outcome, 0, outcome.at);
      }
    });
  }
}
