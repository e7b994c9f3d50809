// @ts-check

/**
 * Usage and call analytics (issue 13):
 * - `call_legs`: one row per responder leg once its final status arrives,
 *   with the figures the usage and analytics aggregates read: who was rung,
 *   whether the leg got the caller, its billed minutes and whether its
 *   destination is domestic (US/Canada), and the time to answer. The call's
 *   team, hotline number and arrival are copied from its alert, so that the
 *   aggregates read this table alone;
 * - indexes for the aggregates over a team's or the organisation's period,
 *   and for the time-to-answer percentiles (read in order of the seconds).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('call_legs', table => {
    table.string('leg_sid', 64).primary();
    table.string('call_sid', 64).notNullable();
    table.string('alert_id', 36).notNullable();
    table.string('team_ref', 255).notNullable();
    table.string('dialled_number', 32).notNullable();
    // When the call arrived (the alert's created_at, epoch ms).
    table.bigInteger('call_at').notNullable();
    table.string('user_ref', 255).notNullable();
    table.string('status', 32).notNullable();
    // The leg the caller was bridged to.
    table.boolean('connected').notNullable();
    table.boolean('domestic').notNullable();
    // Twilio bills each answered leg by the minute, rounded up.
    table.integer('billed_minutes').notNullable();
    // Connected legs only: from the call's arrival to the responder picking up.
    table.integer('seconds_to_answer').nullable();
    table.bigInteger('ended_at').notNullable();
    // A team's minutes by number, and its responders, read from this
    // index alone.
    table.index(
      [
        'team_ref',
        'call_at',
        'user_ref',
        'connected',
        'dialled_number',
        'domestic',
        'billed_minutes',
      ],
      'call_legs_team_time_idx',
    );
    // The organisation's minutes by number, and its responders, read from
    // these indexes alone.
    table.index(
      ['call_at', 'team_ref', 'dialled_number', 'domestic', 'billed_minutes'],
      'call_legs_time_minutes_idx',
    );
    table.index(
      ['call_at', 'user_ref', 'connected'],
      'call_legs_time_responder_idx',
    );
    // The answered legs in the order of their seconds to answer.
    table.index(
      ['team_ref', 'seconds_to_answer', 'call_at'],
      'call_legs_team_answer_idx',
      { predicate: knex.whereNotNull('seconds_to_answer') },
    );
    table.index(['seconds_to_answer', 'call_at'], 'call_legs_answer_idx', {
      predicate: knex.whereNotNull('seconds_to_answer'),
    });
  });
  await knex.schema.alterTable('call_rejections', table => {
    table.index(['at'], 'call_rejections_time_idx');
  });
  await knex.schema.alterTable('alerts', table => {
    // A team's and the organisation's figures read these columns alone.
    table.index(
      ['team_ref', 'created_at', 'outcome', 'dialled_number'],
      'alerts_team_time_outcome_idx',
    );
    table.index(
      ['created_at', 'outcome', 'team_ref', 'dialled_number'],
      'alerts_time_outcome_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('alerts', table => {
    table.dropIndex(
      ['created_at', 'outcome', 'team_ref', 'dialled_number'],
      'alerts_time_outcome_idx',
    );
    table.dropIndex(
      ['team_ref', 'created_at', 'outcome', 'dialled_number'],
      'alerts_team_time_outcome_idx',
    );
  });
  await knex.schema.alterTable('call_rejections', table => {
    table.dropIndex(['at'], 'call_rejections_time_idx');
  });
  await knex.schema.dropTable('call_legs');
};
