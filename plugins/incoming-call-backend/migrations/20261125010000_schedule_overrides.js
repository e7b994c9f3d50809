// @ts-check

/**
 * Temporary replacements on catalog schedules. Times are epoch milliseconds.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('schedule_overrides', table => {
    table.string('id', 36).primary();
    table.string('schedule_ref', 255).notNullable();
    table.string('user_ref', 255).notNullable();
    table.bigInteger('start_at').notNullable();
    table.bigInteger('end_at').notNullable();
    table.string('created_by', 255).notNullable();
    table.bigInteger('created_at').notNullable();
    // Overrides still in force at an instant, per schedule.
    table.index(
      ['schedule_ref', 'end_at'],
      'schedule_overrides_schedule_end_idx',
    );
    table.index(['end_at'], 'schedule_overrides_end_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('schedule_overrides');
};
