import type { Knex } from 'knex';
import type { Period } from '../domain/usage/periods';
import type { HeldNumber, NumberCounts } from '../domain/usage/usageFigures';
import { type RollupSplit, splitByMonths } from '../domain/usage/rollupPeriods';
import { inPeriodsSql, ofTeam, type SqlPart, unionAllSql } from './periodSql';

/** The usage aggregates: numbers held, calls and forwarded minutes a number. */
export class UsageStore {
  constructor(private readonly db: Knex) {}

  /** The numbers held now, with their team: the team's, or every one. */
  async heldNumbers(teamRef?: string): Promise<HeldNumber[]> {
    const query = this.numbers().select('n.number', 'i.team_ref');
    if (teamRef !== undefined) query.where('i.team_ref', teamRef);
    const rows: Array<{ number: string; team_ref: string }> = await query;
    return rows.map(row => ({ number: row.number, teamRef: row.team_ref }));
  }

  /** The organisation's first `count` numbers in the order of their digits. */
  async firstNumbers(count: number): Promise<string[]> {
    if (count === 0) return [];
    return this.numbers().orderBy('n.number').limit(count).pluck('n.number');
  }

  private numbers() {
    return this.db('phone_numbers as n').join(
      'integrations as i',
      'i.id',
      'n.integration_id',
    );
  }

  /**
   * Per hotline number over the period: the calls it took and the minutes
   * forwarded to responders, domestic and international. A team's from the
   * raw rows; the organisation's from the monthly rollups over the period's
   * whole UTC months (with the changes not folded yet, see UsageRollups)
   * and from the raw rows for the rest.
   */
  async countsByNumber(
    period: Period,
    teamRef?: string,
  ): Promise<NumberCounts[]> {
    const team = ofTeam(teamRef);
    const split: RollupSplit =
      teamRef === undefined ? splitByMonths(period) : { raw: [period] };
    const parts: SqlPart[] = [];
    if (split.rolled) {
      const { from, to } = split.rolled;
      parts.push(
        {
          sql: `SELECT team_ref, dialled_number, calls, legs,
              minutes_domestic, minutes_international
            FROM usage_number_months WHERE month_start >= ? AND month_start < ?`,
          bindings: [from, to],
        },
        {
          sql: `SELECT team_ref, dialled_number, delta AS calls, 0 AS legs,
              0 AS minutes_domestic, 0 AS minutes_international
            FROM usage_alert_changes WHERE call_at >= ? AND call_at < ?`,
          bindings: [from, to],
        },
        {
          sql: `SELECT team_ref, dialled_number, 0 AS calls, delta AS legs,
              CASE WHEN domestic THEN delta * billed_minutes ELSE 0 END AS minutes_domestic,
              CASE WHEN domestic THEN 0 ELSE delta * billed_minutes END AS minutes_international
            FROM usage_leg_changes WHERE call_at >= ? AND call_at < ?`,
          bindings: [from, to],
        },
      );
    }
    if (split.raw.length) {
      const alerts = inPeriodsSql('created_at', split.raw, team);
      const legs = inPeriodsSql('call_at', split.raw, team);
      parts.push(
        {
          sql: `SELECT team_ref, dialled_number, 1 AS calls, 0 AS legs,
              0 AS minutes_domestic, 0 AS minutes_international
            FROM alerts WHERE ${alerts.sql}`,
          bindings: alerts.bindings,
        },
        {
          sql: `SELECT team_ref, dialled_number, 0 AS calls, 1 AS legs,
              CASE WHEN domestic THEN billed_minutes ELSE 0 END AS minutes_domestic,
              CASE WHEN domestic THEN 0 ELSE billed_minutes END AS minutes_international
            FROM call_legs WHERE ${legs.sql}`,
          bindings: legs.bindings,
        },
      );
    }
    const source = unionAllSql(parts);
    // A number counts with a call or a leg in the period, as in the raw rows.
    const rows: Array<{
      team_ref: string;
      dialled_number: string;
      calls: number | string;
      minutes_domestic: number | string;
      minutes_international: number | string;
    }> = await this.db
      .select('team_ref', 'dialled_number')
      .sum({
        calls: 'calls',
        minutes_domestic: 'minutes_domestic',
        minutes_international: 'minutes_international',
      })
      .from(this.db.raw(`(${source.sql}) u`, source.bindings))
      .groupBy('team_ref', 'dialled_number')
      .havingRaw('SUM(calls) > 0 OR SUM(legs) > 0');
    return rows.map(row => ({
      number: row.dialled_number,
      teamRef: row.team_ref,
      calls: Number(row.calls),
      minutesDomestic: Number(row.minutes_domestic),
      minutesInternational: Number(row.minutes_international),
    }));
  }
}
