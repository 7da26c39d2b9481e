import { loadConfig } from '@trading/config';
import { databaseConfigSchema, databaseOptionsFromConfig } from './database.config';

describe('database configuration', () => {
  it('chooses embedded PGlite in memory when DATABASE_URL is unset', () => {
    const options = databaseOptionsFromConfig(loadConfig(databaseConfigSchema, {}), 'risk');
    expect(options).toEqual({ kind: 'embedded', dataDir: 'memory://', port: 0, schema: 'public', applicationName: 'risk' });
  });

  it('chooses the Postgres server named by DATABASE_URL', () => {
    const config = loadConfig(databaseConfigSchema, { DATABASE_URL: 'postgres://app:pw@db:5432/trading', DATABASE_POOL_SIZE: '20', DATABASE_SCHEMA: 'risk' });
    expect(databaseOptionsFromConfig(config)).toEqual({
      kind: 'postgres',
      url: 'postgres://app:pw@db:5432/trading',
      schema: 'risk',
      poolSize: 20,
      applicationName: undefined,
    });
  });

  it('names a DATABASE_URL of the wrong scheme, its password masked', () => {
    expect(() => loadConfig(databaseConfigSchema, { DATABASE_URL: 'mysql://root:pw@db/x' })).toThrow('DATABASE_URL: expected a postgres:// or postgresql:// URL, got "mysql://root:***@db/x"');
    // No scheme: the first colon is the password's, so it is masked too.
    expect(() => loadConfig(databaseConfigSchema, { DATABASE_URL: 'root:p@ss@db:5432/x' })).toThrow('got "root:***@db:5432/x"');
    expect(() => loadConfig(databaseConfigSchema, { DATABASE_URL: 'localhost:5432' })).toThrow('got "localhost:5432"');
  });
});
