// @ts-check

/**
 * The notifications outbox (issue 12): one row per notification a call
 * calls for (alert, step of the dial plan, user, contact method), unique by
 * its key so that a duplicated webhook or two replicas insert it once. A
 * replica claims due rows by a conditional update (claim token and lease),
 * so no row is sent twice at once; a row whose replica died while sending
 * is claimed again once the lease is over.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('notification_outbox', table => {
    table.string('id', 36).primary();
    table
      .string('key', 600)
      .notNullable()
      .unique({ indexName: 'notification_outbox_key_uq' })
      .comment('alert/step/user/method');
    table
      .string('alert_id', 36)
      .notNullable()
      .references('id')
      .inTable('alerts')
      .onDelete('CASCADE');
    table.integer('step').notNullable();
    table.string('user_ref', 255).notNullable();
    table.string('method', 16).notNullable();
    table.string('reason', 16).notNullable();
    table.bigInteger('due_at').notNullable();
    table
      .string('state', 16)
      .notNullable()
      .defaultTo('pending')
      .comment('pending, sent, failed or cancelled');
    table.integer('attempts').notNullable().defaultTo(0);
    table.text('error').nullable();
    table.string('claim_token', 36).nullable();
    table.bigInteger('claimed_until').nullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('updated_at').notNullable();
    table.index(['state', 'due_at'], 'notification_outbox_due_idx');
    table.index(['alert_id', 'state'], 'notification_outbox_alert_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('notification_outbox');
};
