// @ts-check

/**
 * The layer (rotation) of the schedule an override takes over; null for an
 * override of the whole schedule, as every override was before.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('schedule_overrides', table => {
    table.text('layer').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('schedule_overrides', table => {
    table.dropColumn('layer');
  });
};
