// A database that lives only as long as one run: a schema of its own on a real
// Postgres (dropped on close) or a fresh in-memory PGlite. Tests use it so that
// several engineers can share one server; benchmarks use it so a measurement
// never touches anyone's tables.
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from './database.factory';
import type { DatabaseOptions } from './database.options';

export interface ScratchDatabaseOptions {
  readonly kind: 'postgres' | 'embedded';
  /** Required for `postgres`. */
  readonly url?: string;
  readonly poolSize?: number;
  /** Name shown in Postgres' connection list (default `trading-scratch`). */
  readonly applicationName?: string;
  readonly migrations?: DatabaseOptions['migrations'];
  readonly entities?: DatabaseOptions['entities'];
}

export function uniqueSchemaName(prefix = 't'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** A migrated database in a unique schema; `close()` drops the schema (Postgres) or the whole PGlite. */
export async function openScratchDatabase(options: ScratchDatabaseOptions): Promise<Database> {
  if (options.kind === 'embedded') {
    return openDatabase({ kind: 'embedded', schema: uniqueSchemaName(), migrations: options.migrations, entities: options.entities });
  }
  if (options.url === undefined) throw new Error('openScratchDatabase({ kind: "postgres" }) needs a url');
  const database = await openDatabase({
    kind: 'postgres',
    url: options.url,
    schema: uniqueSchemaName(),
    poolSize: options.poolSize ?? 12,
    applicationName: options.applicationName ?? 'trading-scratch',
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
