// @ts-check

/**
 * Reconciling calls with Twilio (issue 15):
 * - `outbound_call_reservations`: which call holds each slot of the
 *   account's outbound rate, so that a call that ends gives back the slots
 *   of legs it never placed;
 * - `early_call_statuses`: a caller's final status that arrived before the
 *   voice webhook's work was stored, applied once the session is;
 * - an index to find sessions whose caller has not been heard of for long.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('outbound_call_reservations', table => {
    table.increments('id');
    table.string('account_sid', 64).notNullable();
    table.string('call_sid', 64).notNullable();
    // Microseconds, as outbound_call_slots.next_free_at.
    table.bigInteger('slot_at').notNullable();
    table.index(['account_sid', 'slot_at']);
    table.index(['call_sid']);
  });
  await knex.schema.createTable('early_call_statuses', table => {
    table.string('call_sid', 64).primary();
    table.string('status', 32).notNullable();
    table.integer('duration_seconds').notNullable();
    table.bigInteger('created_at').notNullable();
  });
  await knex.schema.alterTable('call_sessions', table => {
    table.index(['state', 'updated_at'], 'call_sessions_state_updated_at');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('call_sessions', table => {
    table.dropIndex(['state', 'updated_at'], 'call_sessions_state_updated_at');
  });
  await knex.schema.dropTable('early_call_statuses');
  await knex.schema.dropTable('outbound_call_reservations');
};
