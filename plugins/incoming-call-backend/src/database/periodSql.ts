import type { Knex } from 'knex';
import type { OffsetSegment, Period } from '../domain/usage/periods';

/** Rows whose `column` (epoch ms) lies in the period, of the team if one. */
export function inPeriod(
  query: Knex.QueryBuilder,
  column: string,
  period: Period,
  team?: { column: string; ref: string },
): Knex.QueryBuilder {
  query.where(column, '>=', period.from).andWhere(column, '<', period.to);
  if (team) query.andWhere(team.column, team.ref);
  return query;
}

/**
 * The local time of `column` as an SQL expression: the instant plus its
 * zone's offset, a CASE over the period's offset changes (integers only,
 * the same on SQLite and PostgreSQL).
 */
export function localTimeSql(
  column: string,
  segments: OffsetSegment[],
): SqlPart {
  const cases = segments.filter(s => s.until !== undefined);
  const last = segments[segments.length - 1];
  const sql = cases.length
    ? `CASE ${cases
        .map(() => `WHEN ${column} < CAST(? AS BIGINT) THEN CAST(? AS BIGINT)`)
        .join(' ')} ELSE CAST(? AS BIGINT) END`
    : 'CAST(? AS BIGINT)';
  return {
    sql: `(${column} + ${sql})`,
    bindings: [...cases.flatMap(s => [s.until!, s.offsetMs]), last.offsetMs],
  };
}

/** The rows of the team, by their `team_ref`; all without a team. */
export function ofTeam(teamRef: string | undefined) {
  return teamRef === undefined
    ? undefined
    : { column: 'team_ref', ref: teamRef };
}

/** A fragment of SQL with its bindings. */
export interface SqlPart {
  sql: string;
  bindings: Knex.RawBinding[];
}

/**
 * `column` (epoch ms) in any of the periods, and of the team if one, as
 * a condition; false without periods.
 */
export function inPeriodsSql(
  column: string,
  periods: Period[],
  team?: { column: string; ref: string },
): SqlPart {
  const sql = periods.length
    ? periods.map(() => `(${column} >= ? AND ${column} < ?)`).join(' OR ')
    : '1 = 0';
  const bindings: Knex.RawBinding[] = periods.flatMap(p => [p.from, p.to]);
  if (!team) return { sql: `(${sql})`, bindings };
  return {
    sql: `(${sql}) AND ${team.column} = ?`,
    bindings: [...bindings, team.ref],
  };
}

/** The rows of every part, as one subquery. */
export function unionAllSql(parts: SqlPart[]): SqlPart {
  return {
    sql: parts.map(p => p.sql).join(' UNION ALL '),
    bindings: parts.flatMap(p => p.bindings),
  };
}
