// @ts-check

/**
 * Durable timers and the outbound rate limit. `wake_at` is when a call is
 * next owed an event (a responder's delay, a leg's backstop) if Twilio says
 * nothing first, so any live replica can act on it. `outbound_call_slots`
 * holds, per Twilio account, the first moment (in microseconds) a new call
 * may be placed.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('call_sessions', table => {
    table.bigInteger('wake_at').nullable();
    table.index(['wake_at'], 'call_sessions_wake_at_idx');
    // Browser pickup finds the call from its alert.
    table.index(['alert_id'], 'call_sessions_alert_idx');
  });
  await knex.schema.createTable('outbound_call_slots', table => {
    table.string('account_sid', 64).primary();
    table.bigInteger('next_free_at').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('outbound_call_slots');
  await knex.schema.alterTable('call_sessions', table => {
    table.dropIndex(['alert_id'], 'call_sessions_alert_idx');
    table.dropIndex(['wake_at'], 'call_sessions_wake_at_idx');
    table.dropColumn('wake_at');
  });
};
