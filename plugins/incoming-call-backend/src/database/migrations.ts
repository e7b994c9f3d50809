import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@icr/plugin-incoming-call-backend',
  'migrations',
);

/** Brings the plugin's database to the latest schema. */
export async function applyMigrations(db: Knex): Promise<void> {
  await db.migrate.latest({
    directory: migrationsDir,
    tableName: 'incoming_call_knex_migrations',
  });
}
