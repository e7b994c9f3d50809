// @ts-check

/**
 * Calls in progress (one row per caller leg, versioned for replica-safe
 * updates) and the callers a blocklist turned away.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('call_sessions', table => {
    table.string('call_sid', 64).primary();
    table.string('integration_id', 36).notNullable();
    table.string('alert_id', 36).notNullable();
    table.string('state', 32).notNullable();
    // Optimistic concurrency: every update names the version it read.
    table.integer('version').notNullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('updated_at').notNullable();
  });

  await knex.schema.createTable('call_rejections', table => {
    table.bigIncrements('id').primary();
    table
      .string('integration_id', 36)
      .notNullable()
      .references('id')
      .inTable('integrations')
      .onDelete('CASCADE');
    table.string('caller_number', 32).notNullable();
    table.bigInteger('at').notNullable();
    table.index(
      ['integration_id', 'at'],
      'call_rejections_integration_time_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('call_rejections');
  await knex.schema.dropTable('call_sessions');
};
