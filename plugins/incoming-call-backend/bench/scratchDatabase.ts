import knexFactory, { type Knex } from 'knex';
import { applyMigrations } from '../src/database/migrations';

/**
 * Runs a benchmark in a scratch PostgreSQL database of its own, migrated:
 * created on `pgUrl`, dropped at the end (also after a failure). `run`
 * answers whether every target was met; a miss sets exit code 1, an error 2.
 */
export function runInScratchDatabase(
  pgUrl: string,
  name: string,
  run: (knex: Knex) => Promise<boolean>,
): void {
  const main = async () => {
    const admin = knexFactory({
      client: 'pg',
      connection: pgUrl,
      pool: { min: 0, max: 1 },
    });
    const database = `icr_bench_${name}_${process.pid}_${Date.now()}`;
    await admin.raw('CREATE DATABASE ??', [database]);
    const url = new URL(pgUrl);
    url.pathname = `/${database}`;
    const knex = knexFactory({
      client: 'pg',
      connection: url.toString(),
      pool: { min: 0, max: 10 },
    });
    let met = false;
    try {
      await applyMigrations(knex);
      met = await run(knex);
    } finally {
      await knex.destroy();
      await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [database]);
      await admin.destroy();
    }
    if (!met) process.exitCode = 1;
  };
  main().catch(error => {
    console.error(error);
    process.exitCode = 2;
  });
}
