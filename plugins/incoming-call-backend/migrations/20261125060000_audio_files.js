// @ts-check

/**
 * Audio files teams upload for their messages and hold music, bytes
 * included (a few MiB at most each), so every replica can serve them.
 * `created_at` is epoch milliseconds.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('audio_files', table => {
    table.string('id', 36).primary();
    table.string('team_ref', 255).notNullable();
    table.string('name', 255).notNullable();
    table.string('format', 16).notNullable();
    table.string('content_type', 64).notNullable();
    table.integer('size').notNullable();
    // bytea on PostgreSQL, blob on SQLite.
    table.binary('data').notNullable();
    table.bigInteger('created_at').notNullable();
    table.string('created_by', 255).notNullable();
    table.index(['team_ref', 'created_at'], 'audio_files_team_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('audio_files');
};
