// @ts-check

/**
 * Pre-aggregated usage and analytics for the organisation (issue 13), so
 * that its month and year read a few thousand rows instead of every call:
 * - the rollups: per 15-minute slot, and per UTC month and quarter hour of
 *   the week, the calls by outcome, per UTC month each
 *   number's calls, legs and minutes, per UTC year (a column pair a month)
 *   each responder's legs, per UTC month and per UTC day the answered legs
 *   by their seconds to answer (an exact histogram), per UTC day the
 *   blocklist's rejections;
 * - change logs, written by triggers in the transaction of every change to
 *   `alerts`, `call_legs` and `call_rejections` (whoever writes them: the call engine, a
 *   degraded-mode write-back, an incident): a +1 row for the new version of
 *   a row, a -1 row for the old one. Rollup plus log is therefore always
 *   exactly the raw figures, at any snapshot; a scheduled task folds the
 *   log into the rollups (UsageRollups.fold), and the reads add the rows
 *   not folded yet;
 * - a lock row, so that two replicas folding at once take turns.
 * Existing rows are logged once here, for the first fold.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('usage_alert_changes', table => {
    table.increments('id');
    // The alert's created_at (epoch ms) and its UTC month.
    table.bigInteger('call_at').notNullable();
    table.bigInteger('month_start').notNullable();
    table.string('team_ref', 255).notNullable();
    table.string('dialled_number', 32).notNullable();
    table.string('outcome', 16).notNullable();
    // +1 for a row as it is now, -1 for a row as it was.
    table.integer('delta').notNullable();
    // Taken by the fold running now (inside its transaction).
    table.boolean('claimed').notNullable().defaultTo(false);
    table.index(['call_at'], 'usage_alert_changes_time_idx');
  });
  await knex.schema.createTable('usage_leg_changes', table => {
    table.increments('id');
    table.bigInteger('call_at').notNullable();
    table.bigInteger('month_start').notNullable();
    table.string('team_ref', 255).notNullable();
    table.string('dialled_number', 32).notNullable();
    table.string('user_ref', 255).notNullable();
    table.boolean('connected').notNullable();
    table.boolean('domestic').notNullable();
    table.integer('billed_minutes').notNullable();
    table.integer('seconds_to_answer').nullable();
    table.integer('delta').notNullable();
    table.boolean('claimed').notNullable().defaultTo(false);
    table.index(['call_at'], 'usage_leg_changes_time_idx');
  });
  await knex.schema.createTable('usage_rejection_changes', table => {
    table.increments('id');
    table.bigInteger('call_at').notNullable();
    table.integer('delta').notNullable();
    table.boolean('claimed').notNullable().defaultTo(false);
    table.index(['call_at'], 'usage_rejection_changes_time_idx');
  });
  // The blocklist's rejections per UTC day.
  await knex.schema.createTable('usage_blocked_days', table => {
    table.bigInteger('day_start').primary();
    table.integer('blocked').notNullable();
  });
  await knex.schema.createTable('usage_call_slots', table => {
    table.bigInteger('slot_start').primary();
    table.integer('calls').notNullable();
    table.integer('answered').notNullable();
    table.integer('abandoned').notNullable();
    table.integer('voicemails').notNullable();
  });
  // The same per UTC month and quarter hour of the week (0 is Monday
  // 00:00 UTC): a month with one offset in a zone is 672 rows.
  await knex.schema.createTable('usage_call_weeks', table => {
    table.bigInteger('month_start').notNullable();
    table.integer('quarter_of_week').notNullable();
    table.integer('calls').notNullable();
    table.integer('answered').notNullable();
    table.integer('abandoned').notNullable();
    table.integer('voicemails').notNullable();
    table.primary(['month_start', 'quarter_of_week']);
  });
  await knex.schema.createTable('usage_number_months', table => {
    table.bigInteger('month_start').notNullable();
    table.string('team_ref', 255).notNullable();
    table.string('dialled_number', 32).notNullable();
    table.integer('calls').notNullable();
    table.integer('legs').notNullable();
    table.integer('minutes_domestic').notNullable();
    table.integer('minutes_international').notNullable();
    table.primary(['month_start', 'team_ref', 'dialled_number']);
  });
  // A row a responder and UTC year, a column pair a month: a year's
  // responders are one row each, whichever months of it a period covers.
  await knex.schema.createTable('usage_responder_years', table => {
    table.bigInteger('year_start').notNullable();
    table.string('user_ref', 255).notNullable();
    for (let month = 1; month <= 12; month++) {
      const mm = String(month).padStart(2, '0');
      table.integer(`rung_${mm}`).notNullable().defaultTo(0);
      table.integer(`answered_${mm}`).notNullable().defaultTo(0);
    }
    table.primary(['year_start', 'user_ref']);
  });
  // The same histogram per UTC month and per UTC day: whole months, then
  // the whole days at a period's ends.
  for (const [name, start] of [
    ['usage_answer_months', 'month_start'],
    ['usage_answer_days', 'day_start'],
  ]) {
    await knex.schema.createTable(name, table => {
      table.bigInteger(start).notNullable();
      table.integer('seconds_to_answer').notNullable();
      table.integer('answers').notNullable();
      table.primary([start, 'seconds_to_answer']);
    });
  }
  await knex.schema.createTable('usage_rollup_lock', table => {
    table.integer('id').primary();
    table.bigInteger('folded_at').notNullable();
  });
  await knex('usage_rollup_lock').insert({ id: 1, folded_at: 0 });

  const alertColumns =
    'call_at, month_start, team_ref, dialled_number, outcome, delta';
  const legColumns =
    'call_at, month_start, team_ref, dialled_number, user_ref, connected, domestic, billed_minutes, seconds_to_answer, delta';
  /** @param {string} row  @param {(ms: string) => string} monthStart  @param {string} delta */
  const alertValues = (row, monthStart, delta) =>
    `${row}.created_at, ${monthStart(
      `${row}.created_at`,
    )}, ${row}.team_ref, ${row}.dialled_number, ${row}.outcome, ${delta}`;
  /** @param {string} row  @param {(ms: string) => string} monthStart  @param {string} delta */
  const legValues = (row, monthStart, delta) =>
    `${row}.call_at, ${monthStart(
      `${row}.call_at`,
    )}, ${row}.team_ref, ${row}.dialled_number, ${row}.user_ref, ${row}.connected, ${row}.domestic, ${row}.billed_minutes, ${row}.seconds_to_answer, ${delta}`;
  // Only the columns the figures read make an update a change.
  const alertChanged = ['created_at', 'team_ref', 'dialled_number', 'outcome'];
  const legChanged = [
    'call_at',
    'team_ref',
    'dialled_number',
    'user_ref',
    'connected',
    'domestic',
    'billed_minutes',
    'seconds_to_answer',
  ];
  const logs = [
    {
      table: 'call_rejections',
      log: 'usage_rejection_changes',
      columns: 'call_at, delta',
      /** @param {string} row  @param {unknown} _monthStart  @param {string} delta */
      values: (row, _monthStart, delta) => `${row}.at, ${delta}`,
      changed: ['at'],
    },
    {
      table: 'alerts',
      log: 'usage_alert_changes',
      columns: alertColumns,
      values: alertValues,
      changed: alertChanged,
    },
    {
      table: 'call_legs',
      log: 'usage_leg_changes',
      columns: legColumns,
      values: legValues,
      changed: legChanged,
    },
  ];

  if (knex.client.dialect === 'postgresql') {
    /** @param {string} ms */
    const monthStart = ms =>
      `(EXTRACT(EPOCH FROM date_trunc('month', to_timestamp(${ms} / 1000) AT TIME ZONE 'UTC')) * 1000)::bigint`;
    for (const { table, log, columns, values, changed } of logs) {
      await knex.raw(`
        CREATE FUNCTION ${log}_log() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          IF TG_OP <> 'INSERT' THEN
            INSERT INTO ${log} (${columns}) VALUES (${values(
        'OLD',
        monthStart,
        '-1',
      )});
          END IF;
          IF TG_OP <> 'DELETE' THEN
            INSERT INTO ${log} (${columns}) VALUES (${values(
        'NEW',
        monthStart,
        '1',
      )});
          END IF;
          RETURN NULL;
        END
        $fn$`);
      await knex.raw(
        `CREATE TRIGGER ${log}_written AFTER INSERT OR DELETE ON ${table}
         FOR EACH ROW EXECUTE FUNCTION ${log}_log()`,
      );
      await knex.raw(
        `CREATE TRIGGER ${log}_updated AFTER UPDATE ON ${table} FOR EACH ROW
         WHEN (${changed
           .map(c => `OLD.${c} IS DISTINCT FROM NEW.${c}`)
           .join(' OR ')})
         EXECUTE FUNCTION ${log}_log()`,
      );
      await knex.raw(
        `INSERT INTO ${log} (${columns}) SELECT ${values(
          table,
          monthStart,
          '1',
        )} FROM ${table}`,
      );
    }
  } else {
    /** @param {string} ms */
    const monthStart = ms =>
      `CAST(strftime('%s', ${ms} / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000`;
    for (const { table, log, columns, values, changed } of logs) {
      const insert = (/** @type {string} */ row, /** @type {string} */ delta) =>
        `INSERT INTO ${log} (${columns}) VALUES (${values(
          row,
          monthStart,
          delta,
        )});`;
      await knex.raw(
        `CREATE TRIGGER ${log}_inserted AFTER INSERT ON ${table}
         BEGIN ${insert('NEW', '1')} END`,
      );
      await knex.raw(
        `CREATE TRIGGER ${log}_deleted AFTER DELETE ON ${table}
         BEGIN ${insert('OLD', '-1')} END`,
      );
      await knex.raw(
        `CREATE TRIGGER ${log}_updated AFTER UPDATE ON ${table}
         WHEN ${changed.map(c => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')}
         BEGIN ${insert('OLD', '-1')} ${insert('NEW', '1')} END`,
      );
      await knex.raw(
        `INSERT INTO ${log} (${columns}) SELECT ${values(
          table,
          monthStart,
          '1',
        )} FROM ${table}`,
      );
    }
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const [table, log] of [
    ['call_rejections', 'usage_rejection_changes'],
    ['alerts', 'usage_alert_changes'],
    ['call_legs', 'usage_leg_changes'],
  ]) {
    if (knex.client.dialect === 'postgresql') {
      await knex.raw(`DROP TRIGGER ${log}_written ON ${table}`);
      await knex.raw(`DROP TRIGGER ${log}_updated ON ${table}`);
      await knex.raw(`DROP FUNCTION ${log}_log()`);
    } else {
      for (const event of ['inserted', 'deleted', 'updated']) {
        await knex.raw(`DROP TRIGGER ${log}_${event}`);
      }
    }
  }
  for (const table of [
    'usage_rollup_lock',
    'usage_answer_days',
    'usage_answer_months',
    'usage_responder_years',
    'usage_number_months',
    'usage_call_weeks',
    'usage_call_slots',
    'usage_blocked_days',
    'usage_rejection_changes',
    'usage_leg_changes',
    'usage_alert_changes',
  ]) {
    await knex.schema.dropTable(table);
  }
};
