import { ConfigError, describeConfig, env, loadConfig } from './index';

const schema = {
  service: env.string('SERVICE_NAME'),
  amqpUrl: env.url('AMQP_URL', { protocols: ['amqp', 'amqps'] }).asSecret(),
  database: {
    url: env.url('DATABASE_URL', { protocols: ['postgres', 'postgresql'] }).optional(),
    poolSize: env.int('DATABASE_POOL_SIZE', { min: 1, max: 100 }).default(10),
  },
  broker: env.enum('BROKER', ['paper', 'ig']).default('paper'),
  metricsPort: env.port('METRICS_PORT').default(9464),
  dryRun: env.bool('DRY_RUN').default(false),
  staleAfterMs: env.duration('STALE_AFTER').default(90_000),
};

function captureError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('parses every field type into a typed object and applies defaults', () => {
    const config = loadConfig(schema, {
      SERVICE_NAME: 'risk',
      AMQP_URL: 'amqp://guest:guest@rabbit:5672',
      DATABASE_POOL_SIZE: '4',
      BROKER: 'ig',
      DRY_RUN: 'yes',
      STALE_AFTER: '1.5m',
    });
    expect(config).toEqual({
      service: 'risk',
      amqpUrl: 'amqp://guest:guest@rabbit:5672',
      database: { url: undefined, poolSize: 4 },
      broker: 'ig',
      metricsPort: 9464,
      dryRun: true,
      staleAfterMs: 90_000,
    });
  });

  it('returns a deeply frozen object', () => {
    const config = loadConfig(schema, { SERVICE_NAME: 'risk', AMQP_URL: 'amqps://rabbit' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.database)).toBe(true);
    expect(() => {
      (config.database as { poolSize: number }).poolSize = 3;
    }).toThrow(TypeError);
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig(schema, { SERVICE_NAME: 'risk', AMQP_URL: 'amqp://r', BROKER: '', DATABASE_URL: '  ' });
    expect(config.broker).toBe('paper');
    expect(config.database.url).toBeUndefined();
  });

  it('lists every wrong or missing variable in one error; a secret URL without a password is quoted as it is', () => {
    const error = captureError(() =>
      loadConfig(schema, {
        AMQP_URL: 'localhost',
        DATABASE_URL: 'mysql://db/x',
        DATABASE_POOL_SIZE: '0',
        BROKER: 'oanda',
        METRICS_PORT: '70000',
        DRY_RUN: 'maybe',
        STALE_AFTER: 'soon',
      }),
    );
    expect(error.issues.map((issue) => issue.variable)).toEqual([
      'SERVICE_NAME',
      'AMQP_URL',
      'DATABASE_URL',
      'DATABASE_POOL_SIZE',
      'BROKER',
      'METRICS_PORT',
      'DRY_RUN',
      'STALE_AFTER',
    ]);
    expect(error.message).toBe(
      [
        'invalid configuration (8 settings):',
        '  SERVICE_NAME: required, expected a non-empty string, but it is not set',
        '  AMQP_URL: expected an amqp:// or amqps:// URL, got "localhost"',
        '  DATABASE_URL: expected a postgres:// or postgresql:// URL, got "mysql://db/x"',
        '  DATABASE_POOL_SIZE: expected an integer from 1 to 100, got "0"',
        '  BROKER: expected one of paper, ig, got "oanda"',
        '  METRICS_PORT: expected an integer from 0 to 65535, got "70000"',
        '  DRY_RUN: expected true or false (also 1/0, yes/no, on/off), got "maybe"',
        '  STALE_AFTER: expected a duration such as 500ms, 30s, 5m, 2h, 1d or a number of milliseconds, got "soon"',
      ].join('\n'),
    );
  });

  it('names a non-secret URL without a scheme as it was given', () => {
    const error = captureError(() => loadConfig({ amqp: env.url('AMQP_URL', { protocols: ['amqp', 'amqps'] }) }, { AMQP_URL: 'localhost' }));
    expect(error.message).toContain('AMQP_URL: expected an amqp:// or amqps:// URL, got "localhost"');
  });

  it('rejects "host:port" that the URL parser would read as a scheme', () => {
    const error = captureError(() => loadConfig({ db: env.url('DATABASE_URL') }, { DATABASE_URL: 'localhost:5432' }));
    expect(error.issues).toEqual([{ variable: 'DATABASE_URL', problem: 'expected an absolute URL, got "localhost:5432"' }]);
  });

  it('rejects integers with fractions, signs out of range and non-digits', () => {
    const portSchema = { port: env.int('PORT', { min: 1 }) };
    for (const raw of ['1.5', '-3', '12abc', '1e3', '99999999999999999999']) {
      expect(() => loadConfig(portSchema, { PORT: raw })).toThrow(ConfigError);
    }
    expect(loadConfig(portSchema, { PORT: '+42' }).port).toBe(42);
  });

  it('parses durations in every unit', () => {
    const durationSchema = { d: env.duration('D') };
    const cases: Array<[string, number]> = [['250', 250], ['250ms', 250], ['30s', 30_000], ['5m', 300_000], ['2h', 7_200_000], ['1d', 86_400_000], ['0.5s', 500]];
    for (const [raw, ms] of cases) expect(loadConfig(durationSchema, { D: raw }).d).toBe(ms);
  });

  it('refuses a schema that reads the same variable twice', () => {
    expect(() => loadConfig({ a: env.string('X'), b: { c: env.int('X') } }, { X: '1' })).toThrow('config schema reads X twice (a and b.c)');
  });

  it('describes the configuration for logs with secrets masked', () => {
    const config = loadConfig(schema, { SERVICE_NAME: 'risk', AMQP_URL: 'amqp://u:p@r' });
    const described = describeConfig(schema, config);
    expect(described['amqpUrl']).toBe('***');
    expect(described['service']).toBe('risk');
    expect(described['database']).toEqual({ url: undefined, poolSize: 10 });
  });
});
