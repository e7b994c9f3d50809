// @ts-check

/**
 * The call SID of each rejected call: a webhook delivered twice (Twilio's
 * retry, two replicas) counts its rejection once.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('call_rejections', table => {
    table.string('call_sid', 64).nullable();
    table.unique(['call_sid'], { indexName: 'call_rejections_call_sid_idx' });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('call_rejections', table => {
    table.dropUnique(['call_sid'], 'call_rejections_call_sid_idx');
    table.dropColumn('call_sid');
  });
};
