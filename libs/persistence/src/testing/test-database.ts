// Opens a database for a test run in a schema of its own (real Postgres) or a
// fresh in-memory PGlite, and drops it afterwards, so tests of several
// engineers can share one server in parallel.
import type { Database } from '../database.factory';
import { openScratchDatabase, type ScratchDatabaseOptions } from '../scratch-database';

export { uniqueSchemaName } from '../scratch-database';

/** `kind` and, for `postgres`, `url` (pass `testServerUrl('postgres')`). */
export type TestDatabaseOptions = Omit<ScratchDatabaseOptions, 'applicationName'>;

/** A migrated database in a unique schema; `close()` drops the schema (Postgres) or the whole PGlite. */
export function openTestDatabase(options: TestDatabaseOptions): Promise<Database> {
  return openScratchDatabase({ ...options, applicationName: 'trading-test' });
}
