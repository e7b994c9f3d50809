import type { Knex } from 'knex';
import type { Period } from '../domain/usage/periods';
import type { HeldNumber, NumberCounts } from '../domain/usage/usageFigures';
import { inPeriod } from './periodSql';

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
   * forwarded to responders, domestic and international.
   */
  async countsByNumber(
    period: Period,
    teamRef?: string,
  ): Promise<NumberCounts[]> {
    const team = (column: string) =>
      teamRef === undefined ? undefined : { column, ref: teamRef };
    const [calls, minutes] = await Promise.all([
      inPeriod(
        this.db('alerts')
          .select('dialled_number', 'team_ref')
          .count({ calls: '*' })
          .groupBy('dialled_number', 'team_ref'),
        'created_at',
        period,
        team('team_ref'),
      ) as Promise<
        Array<{
          dialled_number: string;
          team_ref: string;
          calls: number | string;
        }>
      >,
      inPeriod(
        this.db('call_legs')
          .select(
            'dialled_number',
            'team_ref',
            this.db.raw(
              'SUM(CASE WHEN domestic THEN billed_minutes ELSE 0 END) AS domestic',
            ),
            this.db.raw(
              'SUM(CASE WHEN domestic THEN 0 ELSE billed_minutes END) AS international',
            ),
          )
          .groupBy('dialled_number', 'team_ref'),
        'call_at',
        period,
        team('team_ref'),
      ) as Promise<
        Array<{
          dialled_number: string;
          team_ref: string;
          domestic: number | string;
          international: number | string;
        }>
      >,
    ]);
    const counts = new Map<string, NumberCounts>();
    const entry = (number: string, owner: string) => {
      const key = `${owner} ${number}`;
      let known = counts.get(key);
      if (!known) {
        known = {
          number,
          teamRef: owner,
          calls: 0,
          minutesDomestic: 0,
          minutesInternational: 0,
        };
        counts.set(key, known);
      }
      return known;
    };
    for (const row of calls) {
      entry(row.dialled_number, row.team_ref).calls = Number(row.calls);
    }
    for (const row of minutes) {
      const known = entry(row.dialled_number, row.team_ref);
      known.minutesDomestic = Number(row.domestic);
      known.minutesInternational = Number(row.international);
    }
    return [...counts.values()];
  }
}
