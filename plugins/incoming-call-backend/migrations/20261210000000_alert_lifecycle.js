// @ts-check

/**
 * The alert lifecycle (issue 11): how the call went (`outcome`), who
 * answered it, how long it lasted, who the call's dial plan rings (for the
 * read permission), and who did what on the timeline (`actor_ref`).
 * Indexes for searching alerts across teams, newest first with
 * (created_at, id) as the keyset.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('alerts', table => {
    table.string('outcome', 16).notNullable().defaultTo('pending');
    table.string('answered_by', 255).nullable();
    table.integer('duration_seconds').nullable();
    table
      .text('responder_refs')
      .notNullable()
      .defaultTo('[]')
      .comment('the user refs of the call dial plan, string[] as JSON');
    table.index(['created_at', 'id'], 'alerts_time_idx');
    table.index(['status', 'created_at', 'id'], 'alerts_status_time_idx');
    table.index(['caller_number', 'created_at'], 'alerts_caller_idx');
  });
  // Alerts from before the lifecycle: their calls are over.
  await knex('alerts')
    .whereNotNull('acknowledged_by')
    .update({ outcome: 'answered', answered_by: knex.ref('acknowledged_by') });
  await knex.schema.alterTable('alert_events', table => {
    table.string('actor_ref', 255).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('alert_events', table => {
    table.dropColumn('actor_ref');
  });
  await knex.schema.alterTable('alerts', table => {
    table.dropIndex(['caller_number', 'created_at'], 'alerts_caller_idx');
    table.dropIndex(['status', 'created_at', 'id'], 'alerts_status_time_idx');
    table.dropIndex(['created_at', 'id'], 'alerts_time_idx');
    table.dropColumn('responder_refs');
    table.dropColumn('duration_seconds');
    table.dropColumn('answered_by');
    table.dropColumn('outcome');
  });
};
