// @ts-check

/**
 * How many times each integration has been saved. A save names the version
 * it edited and is refused when another save came first, so two people
 * editing at once cannot silently undo each other. Stored integrations
 * count as saved once.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('integrations', table => {
    table.integer('version').notNullable().defaultTo(1);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('integrations', table => {
    table.dropColumn('version');
  });
};
