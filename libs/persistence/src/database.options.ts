// How a service reaches its database: a real Postgres server (distributed run)
// or embedded PGlite served on a local socket (embedded run, tests).
import type { MixedList } from 'typeorm';

interface CommonOptions {
  /** Schema holding this library's tables and the migrations table; default `public`. Tests use a unique one per run. */
  readonly schema?: string;
  /** Run pending migrations when the database opens (default true). */
  readonly migrationsRun?: boolean;
  /** Migrations of the service, run after this library's own ones. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
  readonly migrations?: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
  readonly entities?: MixedList<Function>;
  /** `application_name` seen in pg_stat_activity. */
  readonly applicationName?: string;
  /** Log every SQL statement through TypeORM's console logger. */
  readonly logSql?: boolean;
}

export interface PostgresDatabaseOptions extends CommonOptions {
  readonly kind: 'postgres';
  /** `postgres://user:pass@host:5432/db` (the DATABASE_URL). */
  readonly url: string;
  /** Connections in the pool; default 10. */
  readonly poolSize?: number;
}

export interface EmbeddedDatabaseOptions extends CommonOptions {
  readonly kind: 'embedded';
  /** `memory://` (default) or a folder that keeps the data across runs. */
  readonly dataDir?: string;
  /** TCP port for the socket server; 0 (default) picks a free one. */
  readonly port?: number;
  /** Serve on a unix socket in this folder instead of TCP. */
  readonly socketDir?: string;
}

export type DatabaseOptions = PostgresDatabaseOptions | EmbeddedDatabaseOptions;
