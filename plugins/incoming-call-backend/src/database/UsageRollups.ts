import type { Knex } from 'knex';
import {
  DAY_MS,
  EPOCH_QUARTER_OF_WEEK,
  monthOfYear,
  QUARTERS_OF_WEEK,
  SLOT_MS,
} from '../domain/usage/rollupPeriods';

/**
 * The organisation's usage and analytics rollups (migration
 * 20261216100000_usage_rollups): triggers log every change to `alerts`,
 * `call_legs` and `call_rejections` as +1/-1 rows in the transaction of
 * the change, so rollups plus the log are the raw figures at any moment,
 * and the reads add the log's rows to the rollups'. Folding moves the logged rows into the
 * rollups, which keeps the log (and the reads' share of it) small.
 */
export class UsageRollups {
  constructor(private readonly db: Knex) {}

  /**
   * Folds the changes logged so far into the rollups, in one transaction:
   * it claims the log rows it can see, adds them up into the rollups and
   * deletes them, so each change is counted once whatever runs at the same
   * time. A change committed meanwhile stays logged for the next fold. Two
   * replicas folding at once take turns on the lock row. How many changes
   * it folded; `now` (epoch ms) is noted on the lock row.
   */
  async fold(now: number): Promise<number> {
    return this.db.transaction(async trx => {
      await trx('usage_rollup_lock')
        .where({ id: 1 })
        .update({ folded_at: now });
      const alerts = await trx('usage_alert_changes')
        .where('claimed', false)
        .update({ claimed: true });
      const legs = await trx('usage_leg_changes')
        .where('claimed', false)
        .update({ claimed: true });
      const rejections = await trx('usage_rejection_changes')
        .where('claimed', false)
        .update({ claimed: true });
      if (rejections > 0) await foldRejections(trx);
      if (alerts > 0) await foldAlerts(trx);
      if (legs > 0) await foldLegs(trx);
      return rejections + alerts + legs;
    });
  }
}

/**
 * Adds the claimed rows' sums into a rollup: `select` gives the key
 * columns, then the summed ones, grouped by the keys.
 */
async function upsert(
  trx: Knex.Transaction,
  rollup: string,
  keys: string[],
  sums: string[],
  select: string,
) {
  await trx.raw(
    `INSERT INTO ${rollup} (${[...keys, ...sums].join(', ')}) ${select}
     ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${sums
      .map(c => `${c} = ${rollup}.${c} + excluded.${c}`)
      .join(', ')}`,
  );
}

async function foldRejections(trx: Knex.Transaction) {
  await upsert(
    trx,
    'usage_blocked_days',
    ['day_start'],
    ['blocked'],
    `SELECT call_at - call_at % ${DAY_MS}, SUM(delta)
     FROM usage_rejection_changes WHERE claimed = TRUE GROUP BY 1`,
  );
  await trx('usage_rejection_changes').where('claimed', true).delete();
}

async function foldAlerts(trx: Knex.Transaction) {
  const outcome = (name: string) =>
    `SUM(CASE WHEN outcome = '${name}' THEN delta ELSE 0 END)`;
  await upsert(
    trx,
    'usage_call_slots',
    ['slot_start'],
    ['calls', 'answered', 'abandoned', 'voicemails'],
    `SELECT call_at - call_at % ${SLOT_MS}, SUM(delta), ${outcome(
      'answered',
    )}, ${outcome('abandoned')}, ${outcome('voicemail')}
     FROM usage_alert_changes WHERE claimed = TRUE GROUP BY 1`,
  );
  await upsert(
    trx,
    'usage_call_weeks',
    ['month_start', 'quarter_of_week'],
    ['calls', 'answered', 'abandoned', 'voicemails'],
    `SELECT month_start,
       (call_at / ${SLOT_MS} + ${EPOCH_QUARTER_OF_WEEK}) % ${QUARTERS_OF_WEEK},
       SUM(delta), ${outcome('answered')}, ${outcome('abandoned')},
       ${outcome('voicemail')}
     FROM usage_alert_changes WHERE claimed = TRUE GROUP BY 1, 2`,
  );
  await upsert(
    trx,
    'usage_number_months',
    ['month_start', 'team_ref', 'dialled_number'],
    ['calls', 'legs', 'minutes_domestic', 'minutes_international'],
    `SELECT month_start, team_ref, dialled_number, SUM(delta), 0, 0, 0
     FROM usage_alert_changes WHERE claimed = TRUE GROUP BY 1, 2, 3`,
  );
  await trx('usage_alert_changes').where('claimed', true).delete();
}

async function foldLegs(trx: Knex.Transaction) {
  await upsert(
    trx,
    'usage_number_months',
    ['month_start', 'team_ref', 'dialled_number'],
    ['calls', 'legs', 'minutes_domestic', 'minutes_international'],
    `SELECT month_start, team_ref, dialled_number, 0, SUM(delta),
       SUM(CASE WHEN domestic THEN delta * billed_minutes ELSE 0 END),
       SUM(CASE WHEN domestic THEN 0 ELSE delta * billed_minutes END)
     FROM usage_leg_changes WHERE claimed = TRUE GROUP BY 1, 2, 3`,
  );
  const months: Array<{ month_start: number | string }> = await trx(
    'usage_leg_changes',
  )
    .distinct('month_start')
    .where('claimed', true);
  // One upsert a year, so that a fold updates a responder's row once.
  const years = new Map<number, Array<{ monthStart: number; mm: string }>>();
  for (const row of months) {
    const monthStart = Number(row.month_start);
    const { yearStart, month } = monthOfYear(monthStart);
    const mm = String(month).padStart(2, '0');
    years.set(yearStart, [...(years.get(yearStart) ?? []), { monthStart, mm }]);
  }
  for (const [yearStart, ofYear] of years) {
    const sum = (value: string, monthStart: number) =>
      `SUM(CASE WHEN month_start = ${monthStart} THEN ${value} ELSE 0 END)`;
    await upsert(
      trx,
      'usage_responder_years',
      ['year_start', 'user_ref'],
      ofYear.flatMap(({ mm }) => [`rung_${mm}`, `answered_${mm}`]),
      `SELECT ${yearStart}, user_ref, ${ofYear
        .flatMap(({ monthStart }) => [
          sum('delta', monthStart),
          sum('CASE WHEN connected THEN delta ELSE 0 END', monthStart),
        ])
        .join(', ')}
       FROM usage_leg_changes
       WHERE claimed = TRUE
         AND month_start IN (${ofYear.map(m => m.monthStart).join(', ')})
       GROUP BY user_ref`,
    );
  }
  await upsert(
    trx,
    'usage_answer_months',
    ['month_start', 'seconds_to_answer'],
    ['answers'],
    `SELECT month_start, seconds_to_answer, SUM(delta)
     FROM usage_leg_changes
     WHERE claimed = TRUE AND seconds_to_answer IS NOT NULL GROUP BY 1, 2`,
  );
  await upsert(
    trx,
    'usage_answer_days',
    ['day_start', 'seconds_to_answer'],
    ['answers'],
    `SELECT call_at - call_at % ${DAY_MS}, seconds_to_answer, SUM(delta)
     FROM usage_leg_changes
     WHERE claimed = TRUE AND seconds_to_answer IS NOT NULL GROUP BY 1, 2`,
  );
  await trx('usage_leg_changes').where('claimed', true).delete();
}
