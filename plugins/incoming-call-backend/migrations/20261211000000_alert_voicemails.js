// @ts-check

/**
 * The voicemail a caller left on an alert (issue 11): the Twilio recording
 * the backend fetches to play it, and its transcript once Twilio sends it.
 * One a call, so one an alert.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('alert_voicemails', table => {
    table.string('recording_sid', 64).primary();
    table
      .string('alert_id', 36)
      .notNullable()
      .unique()
      .references('id')
      .inTable('alerts')
      .onDelete('CASCADE');
    table.string('call_sid', 64).notNullable();
    table.text('recording_url').notNullable();
    table.integer('duration_seconds').notNullable();
    table.text('transcript').nullable();
    table.string('transcription_status', 16).nullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('updated_at').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('alert_voicemails');
};
