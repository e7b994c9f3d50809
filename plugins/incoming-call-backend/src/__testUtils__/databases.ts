import { TestDatabases } from '@backstage/backend-test-utils';

/**
 * SQLite and PostgreSQL 15 for store tests. PostgreSQL comes from the server
 * named by BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (the test
 * script points it at the local server). Without it the tests fail rather
 * than quietly running on SQLite alone, unless ICR_SKIP_POSTGRES=1 says so.
 */
export function createTestDatabases() {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_15'],
    disableDocker: true,
  });
  if (
    !databases.supports('POSTGRES_15') &&
    process.env.ICR_SKIP_POSTGRES !== '1'
  ) {
    throw new Error(
      'PostgreSQL tests need BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ' +
        '(e.g. postgresql://postgres@127.0.0.1:5432); run ./scripts/test.sh, ' +
        'or set ICR_SKIP_POSTGRES=1 to run on SQLite only',
    );
  }
  return databases;
}
