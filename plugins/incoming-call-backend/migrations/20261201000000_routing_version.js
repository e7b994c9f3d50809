// @ts-check

/**
 * One counter, moved on by every change to what decides an arriving call
 * (a team's integration and numbers, schedule overrides). Replicas keep
 * those in memory and check the counter when they record a call, so a
 * change made on any replica counts from the next call everywhere.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('routing_version', table => {
    table.string('id', 16).primary();
    table.bigInteger('version').notNullable();
  });
  await knex('routing_version').insert({ id: 'routing', version: 0 });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('routing_version');
};
