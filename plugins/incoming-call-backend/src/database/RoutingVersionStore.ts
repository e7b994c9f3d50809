import type { Knex } from 'knex';

/**
 * The counter of changes to what decides an arriving call (integrations,
 * their numbers, schedule overrides): every such change moves it on in its
 * own transaction, so that a replica holding them in memory can tell, in
 * the statement that records a call, whether they are still current.
 */
const ROW = { id: 'routing' };

/** The current routing version. */
export async function readRoutingVersion(db: Knex): Promise<number> {
  const row = await db('routing_version').where(ROW).first('version');
  return Number(row.version);
}

/** Moves the routing version on; call it in the transaction of the change. */
export async function bumpRoutingVersion(db: Knex): Promise<void> {
  await db('routing_version').where(ROW).increment('version', 1);
}

/** The routing version, for those who keep the routing in memory. */
export class RoutingVersionStore {
  constructor(private readonly db: Knex) {}

  read(): Promise<number> {
    return readRoutingVersion(this.db);
  }
}
