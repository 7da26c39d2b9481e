// The environment settings that choose the database: DATABASE_URL set → that
// Postgres server; unset → embedded PGlite (the default run needs no server).
import { env, type ConfigOf } from '@trading/config';
import type { DatabaseOptions } from './database.options';

export const databaseConfigSchema = {
  url: env.url('DATABASE_URL', { protocols: ['postgres', 'postgresql'] }).asSecret().optional(),
  schema: env.string('DATABASE_SCHEMA').default('public'),
  poolSize: env.int('DATABASE_POOL_SIZE', { min: 2, max: 200 }).default(10),
  embeddedDataDir: env.string('EMBEDDED_DATABASE_DIR').default('memory://'),
  embeddedPort: env.port('EMBEDDED_DATABASE_PORT').default(0),
};

export type DatabaseConfig = ConfigOf<typeof databaseConfigSchema>;

export function databaseOptionsFromConfig(config: DatabaseConfig, applicationName?: string): DatabaseOptions {
  if (config.url !== undefined) {
    return { kind: 'postgres', url: config.url, schema: config.schema, poolSize: config.poolSize, applicationName };
  }
  return { kind: 'embedded', dataDir: config.embeddedDataDir, port: config.embeddedPort, schema: config.schema, applicationName };
}
