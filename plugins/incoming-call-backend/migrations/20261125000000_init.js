// @ts-check

/**
 * Integrations, their phone numbers, and the alerts calls create with their
 * timelines. Times are epoch milliseconds in bigint columns: the same type on
 * SQLite and PostgreSQL, and exact for keyset pagination.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('integrations', table => {
    table.string('id', 36).primary();
    table.string('team_ref', 255).notNullable().unique();
    table.text('config').notNullable().comment('IntegrationConfig as JSON');
    table.bigInteger('created_at').notNullable();
    table.bigInteger('updated_at').notNullable();
    table.string('updated_by', 255).notNullable();
  });

  await knex.schema.createTable('phone_numbers', table => {
    // A number routes to exactly one integration.
    table.string('number', 16).primary();
    table
      .string('integration_id', 36)
      .notNullable()
      .references('id')
      .inTable('integrations')
      .onDelete('CASCADE');
    table.string('country', 2).notNullable();
    table.string('source', 16).notNullable();
    table.index(['integration_id'], 'phone_numbers_integration_idx');
  });

  await knex.schema.createTable('alerts', table => {
    table.string('id', 36).primary();
    table.string('team_ref', 255).notNullable();
    table.string('integration_id', 36).notNullable();
    table.string('caller_number', 32).notNullable();
    table.string('dialled_number', 32).notNullable();
    table.string('status', 16).notNullable();
    table.string('priority', 2).notNullable();
    table.text('tags').notNullable().comment('string[] as JSON');
    table.string('acknowledged_by', 255).nullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('updated_at').notNullable();
    // A team's alerts newest first, with (created_at, id) as the keyset.
    table.index(['team_ref', 'created_at', 'id'], 'alerts_team_time_idx');
  });

  await knex.schema.createTable('alert_events', table => {
    // Insertion order breaks ties between events of the same millisecond.
    table.bigIncrements('seq').primary();
    table.string('id', 36).notNullable().unique();
    table
      .string('alert_id', 36)
      .notNullable()
      .references('id')
      .inTable('alerts')
      .onDelete('CASCADE');
    table.string('type', 32).notNullable();
    table.bigInteger('at').notNullable();
    table.text('message').notNullable();
    table.string('user_ref', 255).nullable();
    table.index(['alert_id', 'at'], 'alert_events_alert_time_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('alert_events');
  await knex.schema.dropTable('alerts');
  await knex.schema.dropTable('phone_numbers');
  await knex.schema.dropTable('integrations');
};
