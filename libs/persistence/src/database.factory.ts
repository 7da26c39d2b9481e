// Opens the service's TypeORM DataSource on either kind of database, creates
// its schema, runs migrations (never `synchronize`) and closes everything in
// the right order: pool first, then the embedded server, then PGlite.
import { DataSource, type DataSourceOptions } from 'typeorm';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.server';
import type { DatabaseOptions } from './database.options';
import { persistenceMigrations } from './migrations';
import { assertIdentifier } from './sql-identifier';

export interface Database {
  readonly kind: DatabaseOptions['kind'];
  readonly dataSource: DataSource;
  readonly schema: string;
  /**
   * Connections in the pool. Embedded: exactly 1, shared by every handler and
   * the outbox relay, so code holding a transaction must not wait on another
   * query outside it (it would wait for itself).
   */
  readonly poolSize: number;
  /** Applies pending migrations; returns the names of those it ran. */
  runMigrations(): Promise<string[]>;
  /** Closes the pool, then (embedded) the socket server and PGlite. Safe to call twice. */
  close(): Promise<void>;
}

const MIGRATIONS_TABLE = 'typeorm_migrations';

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const schema = assertIdentifier(options.schema ?? 'public');
  let embedded: EmbeddedPostgres | undefined;
  let connection: Pick<DataSourceOptions & { type: 'postgres' }, 'url' | 'host' | 'port' | 'username' | 'database'>;
  let poolSize: number;
  if (options.kind === 'embedded') {
    embedded = await startEmbeddedPostgres({ dataDir: options.dataDir, port: options.port, socketDir: options.socketDir });
    const { host, port, user, database } = embedded.endpoint;
    connection = { host, port, username: user, database };
    poolSize = 1;
  } else {
    connection = { url: options.url };
    poolSize = options.poolSize ?? 10;
    if (!Number.isInteger(poolSize) || poolSize < 2) throw new Error(`poolSize must be an integer >= 2 for Postgres, got ${poolSize}`);
  }

  const dataSource = new DataSource({
    type: 'postgres',
    ...connection,
    schema,
    applicationName: options.applicationName ?? 'trading',
    poolSize,
    // Embedded: the socket server takes one client; never let the pool drop and re-open it.
    // A query waiting for the single connection fails after a minute instead of hanging
    // forever when code holding a transaction waits on a query outside it.
    extra: options.kind === 'embedded' ? { idleTimeoutMillis: 0, connectionTimeoutMillis: 60_000 } : {},
    entities: options.entities ?? [],
    migrations: [...persistenceMigrations, ...asArray(options.migrations)],
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'all',
    migrationsRun: false,
    synchronize: false,
    logging: options.logSql ?? false,
  });

  try {
    await dataSource.initialize();
  } catch (error) {
    await embedded?.stop();
    throw error;
  }

  let closed: Promise<void> | undefined;
  const database: Database = {
    kind: options.kind,
    dataSource,
    schema,
    poolSize,
    runMigrations: () => migrate(dataSource, schema, options.kind === 'postgres'),
    close: () => {
      closed ??= (async () => {
        try {
          if (dataSource.isInitialized) await dataSource.destroy();
        } finally {
          await embedded?.stop();
        }
      })();
      return closed;
    },
  };

  if (options.migrationsRun ?? true) {
    try {
      await database.runMigrations();
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- mirrors TypeORM's MixedList<Function>
function asArray(list: DatabaseOptions['migrations']): Array<Function | string> {
  if (list === undefined) return [];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  return Array.isArray(list) ? list : (Object.values(list) as Array<Function | string>);
}

async function migrate(dataSource: DataSource, schema: string, serialize: boolean): Promise<string[]> {
  // Replicas booting together must not run the same migration twice: on a real
  // server a session advisory lock (held on its own connection) serializes them.
  // Embedded has one connection and one process, so nothing to serialize.
  const lockRunner = serialize ? dataSource.createQueryRunner() : undefined;
  const lockKey = `trading.migrations.${schema}`;
  try {
    if (lockRunner) await lockRunner.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const ran = await dataSource.runMigrations({ transaction: 'all' });
    return ran.map((migration) => migration.name);
  } finally {
    if (lockRunner) {
      try {
        await lockRunner.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]);
      } finally {
        await lockRunner.release();
      }
    }
  }
}
