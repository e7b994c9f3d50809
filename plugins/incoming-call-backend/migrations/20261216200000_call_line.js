// @ts-check

/**
 * Outage mode's line (issue 16):
 * - `line_entries`: a caller waiting for a responder, from being queued
 *   until connected, sent to the voicemail or gone; `queued_at` orders the
 *   line first come, first served; `wants` lists the plan steps they may
 *   ring now (JSON `[{ index, userRef }]`), empty while they ring someone
 *   (`leg_user_ref`) or wait for a delay;
 * - `line_responders`: a responder busy in a call's leg (`call_sid`), or
 *   away from the line until `away_until`. The primary key is what keeps a
 *   responder in at most one leg across all calls and replicas.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('line_entries', table => {
    table.string('call_sid', 64).primary();
    table.string('team_ref', 255).notNullable();
    table.string('alert_id', 36).notNullable();
    table.bigInteger('queued_at').notNullable();
    table.text('wants').nullable();
    table.string('leg_user_ref', 255).nullable();
    table.index(['team_ref', 'queued_at', 'call_sid'], 'line_entries_team_idx');
    table.index(['queued_at', 'call_sid'], 'line_entries_order_idx');
  });
  await knex.schema.createTable('line_responders', table => {
    table.string('user_ref', 255).primary();
    table.string('call_sid', 64).nullable();
    table.string('leg_sid', 64).nullable();
    table.bigInteger('busy_since').nullable();
    table.bigInteger('away_until').nullable();
    table.index(['call_sid'], 'line_responders_call_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('line_responders');
  await knex.schema.dropTable('line_entries');
};
