// @ts-check

/**
 * The call engine's state of each call (the plan, the leg ringing, who
 * answered) and what the adapters need to act on it, as JSON.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('call_sessions', table => {
    table.text('data').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('call_sessions', table => {
    table.dropColumn('data');
  });
};
