// @ts-check

/**
 * Buying numbers without half states (issue 13):
 * - `number_purchases`: a number being bought, written before Twilio is
 *   asked; the number is the key, so two saves never buy it twice, and
 *   `purchase_key` (the Twilio friendly name it is bought under) finds it
 *   at Twilio when the answer was lost. A row left by a save that failed
 *   after the purchase is finished or released by the team's next save.
 * - `number_provisioning_locks`: one save of a team's numbers at a time,
 *   across replicas; a lock whose holder died expires.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('number_purchases', table => {
    table.string('number', 16).primary();
    table.string('team_ref', 255).notNullable();
    table.string('purchase_key', 64).notNullable().unique();
    // Set once Twilio has sold the number.
    table.string('sid', 64).nullable();
    table.bigInteger('created_at').notNullable();
    table.index(['team_ref'], 'number_purchases_team_idx');
  });
  await knex.schema.createTable('number_provisioning_locks', table => {
    table.string('team_ref', 255).primary();
    table.string('holder', 36).notNullable();
    table.bigInteger('expires_at').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('number_provisioning_locks');
  await knex.schema.dropTable('number_purchases');
};
