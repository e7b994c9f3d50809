import type { Knex } from 'knex';

/**
 * Twilio ends a call after 4 hours at most, so a call answered since some
 * time arrived no more than this before it: the team's alerts are read
 * from then on (their index), not all of them.
 */
const LONGEST_CALL_MS = 4 * 60 * 60 * 1000;

/** The figures the line's announcements are estimated from. */
export class LineStatsStore {
  constructor(private readonly db: Knex) {}

  /**
   * How many of the team's calls were answered (on a phone leg or in the
   * browser: the timeline's `answered` event) at or after `since` (ms).
   */
  async answeredSince(teamRef: string, since: number): Promise<number> {
    const row = await this.db('alerts as a')
      .join('alert_events as e', 'e.alert_id', 'a.id')
      .where('a.team_ref', teamRef)
      .where('a.created_at', '>=', since - LONGEST_CALL_MS)
      .where('e.type', 'answered')
      .where('e.at', '>=', since)
      .count({ answered: '*' })
      .first();
    return Number(row?.answered ?? 0);
  }
}
