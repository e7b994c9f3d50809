import type { Knex } from 'knex';
import {
  EPOCH_HOUR_OF_WEEK,
  HOUR_MS,
  HOURS_OF_WEEK,
  type OffsetSegment,
  type Period,
} from '../domain/usage/periods';
import {
  DAY_MS,
  histogramPercentiles,
  monthOffsets,
  monthsByYear,
  QUARTERS_OF_WEEK,
  onSlotGrid,
  SLOT_MS,
  splitByMonths,
  splitByMonthsAndDays,
  splitBySteps,
  type RollupSplit,
} from '../domain/usage/rollupPeriods';
import {
  inPeriod,
  inPeriodsSql,
  localTimeSql,
  ofTeam,
  type SqlPart,
  unionAllSql,
} from './periodSql';

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
 * (`teamRef` undefined), in the period [from, to). A team's are read from
 * the raw rows (a few hundred index entries); the organisation's from the
 * rollups for the whole slots, days or months of the period (with the
 * changes not folded yet, see UsageRollups) and from the raw rows for the
 * rest: the same figures, from far fewer rows.
 */
export class AnalyticsStore {
  constructor(private readonly db: Knex) {}

  /** The calls and their outcomes, per local hour of the week. */
  async callBuckets(
    period: Period,
    segments: OffsetSegment[],
    teamRef?: string,
  ): Promise<CallBucket[]> {
    const raw = (periods: Period[]) => {
      const where = inPeriodsSql('created_at', periods, ofTeam(teamRef));
      return {
        sql: `SELECT created_at AS at, 1 AS calls,
            CASE WHEN outcome = 'answered' THEN 1 ELSE 0 END AS answered,
            CASE WHEN outcome = 'abandoned' THEN 1 ELSE 0 END AS abandoned,
            CASE WHEN outcome = 'voicemail' THEN 1 ELSE 0 END AS voicemails
          FROM alerts WHERE ${where.sql}`,
        bindings: where.bindings,
      };
    };
    // A slot, or a month's quarter hour of the week, stands for its calls
    // only where they share its local hour.
    const rolled =
      teamRef === undefined && onSlotGrid(segments)
        ? rolledCallPeriods(period, segments)
        : { weeks: [], slots: [], raw: [period] };
    const atSources: SqlPart[] = [];
    if (rolled.slots.length) {
      const slots = inPeriodsSql('slot_start', rolled.slots);
      atSources.push({
        sql: `SELECT slot_start AS at, calls, answered, abandoned, voicemails
          FROM usage_call_slots WHERE ${slots.sql}`,
        bindings: slots.bindings,
      });
    }
    const logged = [...rolled.weeks.flatMap(w => w.months), ...rolled.slots];
    if (logged.length) {
      const where = inPeriodsSql('call_at', logged);
      atSources.push({
        sql: `SELECT call_at AS at, delta AS calls,
            CASE WHEN outcome = 'answered' THEN delta ELSE 0 END AS answered,
            CASE WHEN outcome = 'abandoned' THEN delta ELSE 0 END AS abandoned,
            CASE WHEN outcome = 'voicemail' THEN delta ELSE 0 END AS voicemails
          FROM usage_alert_changes WHERE ${where.sql}`,
        bindings: where.bindings,
      });
    }
    if (rolled.raw.length) atSources.push(raw(rolled.raw));
    const atRows = unionAllSql(atSources);
    const local = localTimeSql('at', segments);
    const source = unionAllSql([
      ...(atSources.length
        ? [
            {
              sql: `SELECT ((${local.sql} / ${HOUR_MS}) + ${EPOCH_HOUR_OF_WEEK}) % ${HOURS_OF_WEEK} AS hour_of_week,
                  calls, answered, abandoned, voicemails
                FROM (${atRows.sql}) a`,
              bindings: [...local.bindings, ...atRows.bindings],
            },
          ]
        : []),
      ...rolled.weeks.map(({ offsetMs, months }) => ({
        // Positive before the modulo: offsets run from -12 to +14 hours.
        sql: `SELECT ((quarter_of_week + ${
          QUARTERS_OF_WEEK + offsetMs / SLOT_MS
        }) % ${QUARTERS_OF_WEEK}) / 4 AS hour_of_week,
            calls, answered, abandoned, voicemails
          FROM usage_call_weeks
          WHERE month_start IN (${months.map(() => '?').join(', ')})`,
        bindings: months.map(m => m.from),
      })),
    ]);
    const rows: Array<Record<string, number | string>> = await this.db
      .select('hour_of_week')
      .sum({
        calls: 'calls',
        answered: 'answered',
        abandoned: 'abandoned',
        voicemails: 'voicemails',
      })
      .from(this.db.raw(`(${source.sql}) u`, source.bindings))
      .groupBy('hour_of_week')
      .havingRaw('SUM(calls) > 0');
    return rows.map(row => ({
      hourOfWeek: Number(row.hour_of_week),
      calls: Number(row.calls),
      answered: Number(row.answered),
      abandoned: Number(row.abandoned),
      voicemails: Number(row.voicemails),
    }));
  }

  /** Calls the blocklist refused. */
  async blocked(period: Period, teamRef?: string): Promise<number> {
    if (teamRef !== undefined) {
      const [row] = await inPeriod(
        this.db('call_rejections as r')
          .join('integrations as i', 'i.id', 'r.integration_id')
          .count({ blocked: '*' }),
        'r.at',
        period,
        { column: 'i.team_ref', ref: teamRef },
      );
      return Number(row.blocked);
    }
    const raw = (periods: Period[]) => {
      const where = inPeriodsSql('at', periods);
      return {
        sql: `SELECT COUNT(*) AS blocked FROM call_rejections WHERE ${where.sql}`,
        bindings: where.bindings,
      };
    };
    const source = fromRollups(splitBySteps(period, DAY_MS), raw, rolled => [
      {
        sql: `SELECT SUM(blocked) AS blocked FROM usage_blocked_days
          WHERE day_start >= ? AND day_start < ?`,
        bindings: [rolled.from, rolled.to],
      },
      {
        sql: `SELECT SUM(delta) AS blocked FROM usage_rejection_changes
          WHERE call_at >= ? AND call_at < ?`,
        bindings: [rolled.from, rolled.to],
      },
    ]);
    const rows: Array<{ blocked: number | string | null }> = await this.db
      .sum({ blocked: 'blocked' })
      .from(this.db.raw(`(${source.sql}) u`, source.bindings));
    return Number(rows[0]?.blocked ?? 0);
  }

  /** The `limit` responders rung most (legs), most first. */
  async responders(
    period: Period,
    teamRef: string | undefined,
    limit: number,
  ): Promise<ResponderCounts[]> {
    const raw = (periods: Period[]) => {
      const where = inPeriodsSql('call_at', periods, ofTeam(teamRef));
      return {
        sql: `SELECT user_ref, 1 AS rung,
            CASE WHEN connected THEN 1 ELSE 0 END AS answered
          FROM call_legs WHERE ${where.sql}`,
        bindings: where.bindings,
      };
    };
    const split: RollupSplit =
      teamRef === undefined ? splitByMonths(period) : { raw: [period] };
    const source = fromRollups(split, raw, rolled => [
      ...monthsByYear(rolled).map(({ yearStart, months }) => {
        const sum = (column: string) =>
          months
            .map(m => `${column}_${String(m).padStart(2, '0')}`)
            .join(' + ');
        return {
          sql: `SELECT user_ref, ${sum('rung')} AS rung,
              ${sum('answered')} AS answered
            FROM usage_responder_years WHERE year_start = ?`,
          bindings: [yearStart],
        };
      }),
      {
        sql: `SELECT user_ref, delta AS rung,
            CASE WHEN connected THEN delta ELSE 0 END AS answered
          FROM usage_leg_changes WHERE call_at >= ? AND call_at < ?`,
        bindings: [rolled.from, rolled.to],
      },
    ]);
    const rows: Array<{
      user_ref: string;
      rung: number | string;
      answered: number | string;
    }> = await this.db
      .select('user_ref')
      .sum({ rung: 'rung', answered: 'answered' })
      .from(this.db.raw(`(${source.sql}) u`, source.bindings))
      .groupBy('user_ref')
      .havingRaw('SUM(rung) > 0')
      .orderByRaw('SUM(rung) DESC, user_ref')
      .limit(limit);
    return rows.map(row => ({
      userRef: row.user_ref,
      rung: Number(row.rung),
      answered: Number(row.answered),
    }));
  }

  /**
   * Nearest-rank percentiles of the seconds to answer, from their exact
   * histogram (the seconds are whole: a count for each value). Null
   * without answered calls.
   */
  async timeToAnswer(
    period: Period,
    teamRef: string | undefined,
    percentiles: number[],
  ): Promise<Array<number | null>> {
    const raw = (periods: Period[]) => {
      const where = inPeriodsSql('call_at', periods, ofTeam(teamRef));
      return {
        sql: `SELECT seconds_to_answer, 1 AS answers FROM call_legs
          WHERE seconds_to_answer IS NOT NULL AND ${where.sql}`,
        bindings: where.bindings,
      };
    };
    const split =
      teamRef === undefined
        ? splitByMonthsAndDays(period)
        : { days: [], raw: [period] };
    const rolled = [
      ...(split.months
        ? [
            {
              table: 'usage_answer_months',
              start: 'month_start',
              period: split.months,
            },
          ]
        : []),
      ...split.days.map(days => ({
        table: 'usage_answer_days',
        start: 'day_start',
        period: days,
      })),
    ];
    const logged = inPeriodsSql(
      'call_at',
      rolled.map(r => r.period),
    );
    const source = unionAllSql([
      ...rolled.map(({ table, start, period: part }) => ({
        sql: `SELECT seconds_to_answer, answers FROM ${table}
          WHERE ${start} >= ? AND ${start} < ?`,
        bindings: [part.from, part.to],
      })),
      ...(rolled.length
        ? [
            {
              sql: `SELECT seconds_to_answer, delta AS answers
                FROM usage_leg_changes
                WHERE seconds_to_answer IS NOT NULL AND ${logged.sql}`,
              bindings: logged.bindings,
            },
          ]
        : []),
      ...(split.raw.length ? [raw(split.raw)] : []),
    ]);
    const histogram: Array<{
      seconds_to_answer: number | string;
      answers: number | string;
    }> = await this.db
      .select('seconds_to_answer')
      .sum({ answers: 'answers' })
      .from(this.db.raw(`(${source.sql}) u`, source.bindings))
      .groupBy('seconds_to_answer')
      .havingRaw('SUM(answers) > 0')
      .orderBy('seconds_to_answer');
    return histogramPercentiles(
      histogram.map(row => ({
        value: Number(row.seconds_to_answer),
        count: Number(row.answers),
      })),
      percentiles,
    );
  }
}

/**
 * The rows of an aggregate: from the rollups (and the changes not folded
 * yet) over the split's rolled part, from the raw rows over the rest.
 */
function fromRollups(
  split: RollupSplit,
  raw: (periods: Period[]) => SqlPart,
  rolled: (period: Period) => SqlPart[],
): SqlPart {
  return unionAllSql([
    ...(split.rolled ? rolled(split.rolled) : []),
    ...(split.raw.length ? [raw(split.raw)] : []),
  ]);
}

/**
 * Where the organisation's calls of a period are read from: the whole UTC
 * months with one offset from their quarter hours of the week (grouped by
 * offset), the other whole slots from their slots, the rest raw.
 */
function rolledCallPeriods(
  period: Period,
  segments: OffsetSegment[],
): {
  weeks: Array<{ offsetMs: number; months: Period[] }>;
  slots: Period[];
  raw: Period[];
} {
  const months = splitByMonths(period);
  const weeks = new Map<number, Period[]>();
  const slots: Period[] = [];
  for (const { month, offsetMs } of months.rolled
    ? monthOffsets(months.rolled, segments)
    : []) {
    if (offsetMs === undefined) slots.push(month);
    else weeks.set(offsetMs, [...(weeks.get(offsetMs) ?? []), month]);
  }
  const raw: Period[] = [];
  for (const end of months.raw) {
    const split = splitBySteps(end, SLOT_MS);
    if (split.rolled) slots.push(split.rolled);
    raw.push(...split.raw);
  }
  return {
    weeks: [...weeks].map(([offsetMs, of]) => ({ offsetMs, months: of })),
    slots,
    raw,
  };
}
