// @ts-check

/**
 * Outage mode (issue 16, item 4):
 * - on `alerts`: `parent_alert_id` links a call's alert to the incident it
 *   is grouped under; an incident's parent alert has `child_count` (not
 *   null on parents only) and a `title`;
 * - `incidents`: one row per incident; `open_integration_id` holds the
 *   integration while the incident is open and is unique, so two replicas
 *   opening an incident for one integration at once make one (NULLs, the
 *   closed incidents, do not collide on SQLite or PostgreSQL);
 * - `status_messages`: one per team, what callers hear after the welcome
 *   while it is enabled; kept apart from the integration config so that
 *   switching it does not need a save of the whole integration.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('alerts', table => {
    table.string('parent_alert_id', 36).nullable();
    table.integer('child_count').nullable();
    table.string('title', 255).nullable();
    // An incident's children, in order.
    table.index(['parent_alert_id', 'created_at'], 'alerts_parent_idx');
    // The calls of an integration within the grouping window.
    table.index(
      ['integration_id', 'created_at'],
      'alerts_integration_time_idx',
    );
  });
  await knex.schema.createTable('incidents', table => {
    table
      .string('parent_alert_id', 36)
      .primary()
      .references('id')
      .inTable('alerts')
      .onDelete('CASCADE');
    table.string('integration_id', 36).notNullable();
    table.string('team_ref', 255).notNullable();
    table.integer('window_minutes').notNullable();
    table.bigInteger('opened_at').notNullable();
    // The integration while the incident is open, NULL once it is closed.
    table.string('open_integration_id', 36).nullable().unique({
      indexName: 'incidents_one_open_per_integration',
    });
    table.index(['team_ref', 'open_integration_id'], 'incidents_team_idx');
  });
  await knex.schema.createTable('status_messages', table => {
    table.string('team_ref', 255).primary();
    // The message as JSON: `{ type: 'text', text }` or `{ type: 'audio', audioId }`.
    table.text('message').notNullable();
    table.boolean('enabled').notNullable();
    table.bigInteger('updated_at').notNullable();
    table.string('updated_by', 255).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('status_messages');
  await knex.schema.dropTable('incidents');
  await knex.schema.alterTable('alerts', table => {
    table.dropIndex([], 'alerts_integration_time_idx');
    table.dropIndex([], 'alerts_parent_idx');
    table.dropColumn('title');
    table.dropColumn('child_count');
    table.dropColumn('parent_alert_id');
  });
};
