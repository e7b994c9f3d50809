import type { Knex } from 'knex';
import {
  EPOCH_HOUR_OF_WEEK,
  HOUR_MS,
  HOURS_OF_WEEK,
  nearestRankOffset,
  type OffsetSegment,
  type Period,
} from '../domain/usage/periods';
import { inPeriod, localTimeSql } from './periodSql';

/** What happened to the period's calls, per local hour of the week. */
export interface CallBucket {
  hourOfWeek: number;
  calls: number;
  answered: number;
  abandoned: number;
  voicemails: number;
}

/** A responder's legs over the period, and those that got the caller. */
export interface ResponderCounts {
  userRef: string;
  rung: number;
  answered: number;
}

/**
 * The call analytics aggregates, over a team's calls or the organisation's
 * (`teamRef` undefined), in the period [from, to).
 */
export class AnalyticsStore {
  constructor(private readonly db: Knex) {}

  /** The calls and their outcomes, per local hour of the week. */
  async callBuckets(
    period: Period,
    segments: OffsetSegment[],
    teamRef?: string,
  ): Promise<CallBucket[]> {
    const local = localTimeSql(this.db, 'created_at', segments);
    const rows: Array<Record<keyof CallBucket, number | string>> =
      await inPeriod(
        this.db('alerts')
          .select(
            this.db.raw(
              `((? / ${HOUR_MS}) + ${EPOCH_HOUR_OF_WEEK}) % ${HOURS_OF_WEEK} AS hour_of_week`,
              [local],
            ),
          )
          .count({ calls: '*' })
          .select(
            this.db.raw(
              `SUM(CASE WHEN outcome = 'answered' THEN 1 ELSE 0 END) AS answered`,
            ),
            this.db.raw(
              `SUM(CASE WHEN outcome = 'abandoned' THEN 1 ELSE 0 END) AS abandoned`,
            ),
            this.db.raw(
              `SUM(CASE WHEN outcome = 'voicemail' THEN 1 ELSE 0 END) AS voicemails`,
            ),
          )
          .groupByRaw('1'),
        'created_at',
        period,
        teamRef === undefined
          ? undefined
          : { column: 'team_ref', ref: teamRef },
      );
    return rows.map(row => ({
      hourOfWeek: Number((row as Record<string, number | string>).hour_of_week),
      calls: Number(row.calls),
      answered: Number(row.answered),
      abandoned: Number(row.abandoned),
      voicemails: Number(row.voicemails),
    }));
  }

  /** Calls the blocklist refused. */
  async blocked(period: Period, teamRef?: string): Promise<number> {
    const query = this.db('call_rejections as r').count({ blocked: '*' });
    if (teamRef !== undefined) {
      query.join('integrations as i', 'i.id', 'r.integration_id');
    }
    const [row] = await inPeriod(
      query,
      'r.at',
      period,
      teamRef === undefined
        ? undefined
        : { column: 'i.team_ref', ref: teamRef },
    );
    return Number(row.blocked);
  }

  /** The `limit` responders rung most (legs), most first. */
  async responders(
    period: Period,
    teamRef: string | undefined,
    limit: number,
  ): Promise<ResponderCounts[]> {
    const rows: Array<{
      user_ref: string;
      rung: number | string;
      answered: number | string;
    }> = await inPeriod(
      this.db('call_legs')
        .select(
          'user_ref',
          this.db.raw('COUNT(*) AS rung'),
          this.db.raw('SUM(CASE WHEN connected THEN 1 ELSE 0 END) AS answered'),
        )
        .groupBy('user_ref')
        .orderBy([{ column: 'rung', order: 'desc' }, 'user_ref'])
        .limit(limit),
      'call_at',
      period,
      teamRef === undefined ? undefined : { column: 'team_ref', ref: teamRef },
    );
    return rows.map(row => ({
      userRef: row.user_ref,
      rung: Number(row.rung),
      answered: Number(row.answered),
    }));
  }

  /**
   * Nearest-rank percentiles of the seconds to answer: the count, then the
   * value at each rank, read in the order of an index on the seconds
   * (ORDER BY … OFFSET), the same on SQLite, which has no percentile
   * functions, and PostgreSQL. Null without answered calls.
   */
  async timeToAnswer(
    period: Period,
    teamRef: string | undefined,
    percentiles: number[],
  ): Promise<Array<number | null>> {
    const answered = () =>
      inPeriod(
        this.db('call_legs').whereNotNull('seconds_to_answer'),
        'call_at',
        period,
        teamRef === undefined
          ? undefined
          : { column: 'team_ref', ref: teamRef },
      );
    const [{ count }] = await answered().count({ count: '*' });
    const total = Number(count);
    if (total === 0) return percentiles.map(() => null);
    return Promise.all(
      percentiles.map(async p => {
        const row = await answered()
          .select('seconds_to_answer')
          .orderBy('seconds_to_answer')
          .offset(nearestRankOffset(p, total))
          .first();
        return row ? Number(row.seconds_to_answer) : null;
      }),
    );
  }
}
