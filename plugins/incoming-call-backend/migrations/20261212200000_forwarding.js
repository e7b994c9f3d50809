// @ts-check

/**
 * Forwarding of alert events (issue 12): the destinations' secrets, the
 * forwarder's place in `alert_events`, and the outbox of deliveries.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // Slack webhook URLs and HTTP signing secrets, kept out of the
  // integration's config (which the API returns) and out of its JSON.
  await knex.schema.createTable('forwarding_secrets', table => {
    table
      .string('integration_id', 36)
      .notNullable()
      .references('id')
      .inTable('integrations')
      .onDelete('CASCADE');
    table.string('destination_id', 36).notNullable();
    table.string('type', 16).notNullable();
    table.text('secret').notNullable();
    table.bigInteger('created_at').notNullable();
    table.primary(['integration_id', 'destination_id']);
  });

  // The last `alert_events.seq` below which every event has been turned
  // into deliveries. It starts at the newest event: what happened before
  // forwarding existed is not sent.
  await knex.schema.createTable('forwarding_cursor', table => {
    table.string('id', 32).primary();
    table.bigInteger('last_seq').notNullable();
  });
  const newest = await knex('alert_events').max('seq as seq').first();
  await knex('forwarding_cursor').insert({
    id: 'alert-events',
    last_seq: Number(newest?.seq ?? 0),
  });

  // One delivery per event and destination, whoever enqueues it.
  await knex.schema.createTable('forwarding_deliveries', table => {
    table.bigIncrements('id').primary();
    table.string('event_id', 64).notNullable();
    table
      .string('alert_id', 36)
      .notNullable()
      .references('id')
      .inTable('alerts')
      .onDelete('CASCADE');
    table.string('integration_id', 36).notNullable();
    // A destination's id, or `events-service` for the events service.
    table.string('destination_id', 36).notNullable();
    table.text('payload').notNullable();
    // pending, delivered, or failed (given up after the last attempt).
    table.string('status', 16).notNullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table.bigInteger('next_attempt_at').notNullable();
    // Held by the runner sending it until then, so no one sends it twice.
    table.bigInteger('lease_until').nullable();
    table.text('last_error').nullable();
    table.bigInteger('last_attempt_at').nullable();
    table.bigInteger('delivered_at').nullable();
    table.bigInteger('created_at').notNullable();
    table.unique(['event_id', 'destination_id'], {
      indexName: 'forwarding_deliveries_event_destination_uq',
    });
    table.index(
      ['status', 'destination_id', 'id'],
      'forwarding_deliveries_queue_idx',
    );
    table.index(
      ['integration_id', 'destination_id', 'status'],
      'forwarding_deliveries_status_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('forwarding_deliveries');
  await knex.schema.dropTable('forwarding_cursor');
  await knex.schema.dropTable('forwarding_secrets');
};
