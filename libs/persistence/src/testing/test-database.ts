// Opens a database for a test run in a schema of its own (real Postgres) or a
// fresh in-memory PGlite, and drops it afterwards, so tests of several
// engineers can share one server in parallel.
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '../database.factory';
import type { DatabaseOptions } from '../database.options';

export interface TestDatabaseOptions {
  readonly kind: 'postgres' | 'embedded';
  /** Required for `postgres` (pass `testServerUrl('postgres')`). */
  readonly url?: string;
  readonly poolSize?: number;
  readonly migrations?: DatabaseOptions['migrations'];
  readonly entities?: DatabaseOptions['entities'];
}

export function uniqueSchemaName(prefix = 't'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** A migrated database in a unique schema; `close()` drops the schema (Postgres) or the whole PGlite. */
export async function openTestDatabase(options: TestDatabaseOptions): Promise<Database> {
  if (options.kind === 'embedded') {
    return openDatabase({ kind: 'embedded', schema: uniqueSchemaName(), migrations: options.migrations, entities: options.entities });
  }
  if (options.url === undefined) throw new Error('openTestDatabase({ kind: "postgres" }) needs a url');
  const database = await openDatabase({
    kind: 'postgres',
    url: options.url,
    schema: uniqueSchemaName(),
    poolSize: options.poolSize ?? 12,
    applicationName: 'trading-test',
    migrations: options.migrations,
    entities: options.entities,
  });
  const close = database.close;
  let dropped: Promise<void> | undefined;
  return {
    ...database,
    close: () => {
      dropped ??= (async () => {
        try {
          await database.dataSource.query(`DROP SCHEMA IF EXISTS "${database.schema}" CASCADE`);
        } finally {
          await close();
        }
      })();
      return dropped;
    },
  };
}
