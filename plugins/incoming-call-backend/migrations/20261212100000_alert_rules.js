// @ts-check

/**
 * Alert rules (issue 12): the rule that matched an alert's caller, and
 * whether it muted the call's notifications (the notification planner
 * reads it). Priority and tags have their columns already.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('alerts', table => {
    table.string('alert_rule', 100).nullable();
    table.boolean('notifications_muted').notNullable().defaultTo(false);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('alerts', table => {
    table.dropColumn('notifications_muted');
    table.dropColumn('alert_rule');
  });
};
