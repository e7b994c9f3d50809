import type { Knex } from 'knex';
import type { EndedLeg } from '../domain/usage/legUsage';

/**
 * The responder legs that are over, for usage and analytics: one row a leg,
 * with its call's team, hotline number and arrival copied from the alert.
 */
export class CallLegStore {
  constructor(private readonly db: Knex) {}

  /**
   * Keeps a leg once; a repeated status callback changes nothing. A leg of
   * a call the database does not know is not kept.
   */
  async record(leg: EndedLeg): Promise<void> {
    await this.db.raw(
      `INSERT INTO call_legs (leg_sid, call_sid, alert_id, team_ref,
         dialled_number, call_at, user_ref, status, connected, domestic,
         billed_minutes, seconds_to_answer, ended_at)
       SELECT ?, s.call_sid, a.id, a.team_ref, a.dialled_number, a.created_at,
         ?, ?, ?, ?, ?, (CAST(? AS BIGINT) - a.created_at + 500) / 1000, ?
       FROM call_sessions s JOIN alerts a ON a.id = s.alert_id
       WHERE s.call_sid = ?
       ON CONFLICT (leg_sid) DO NOTHING`,
      [
        leg.legSid,
        leg.userRef,
        leg.status,
        leg.connected,
        leg.domestic,
        leg.billedMinutes,
        leg.answeredAt,
        leg.endedAt,
        leg.callSid,
      ],
    );
  }
}
