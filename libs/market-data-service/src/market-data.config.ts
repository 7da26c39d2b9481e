// The market-data service's settings, read from the environment at boot. A
// wrong or missing one stops the service with a message naming it.
import { env, loadConfig, type ConfigOf } from '@trading/config';
import { LOG_LEVELS } from '@trading/observability/log-levels';
import { databaseConfigSchema } from '@trading/persistence/config';

export const marketDataConfigSchema = {
  service: env.string('SERVICE_NAME').default('market-data'),
  logLevel: env.enum('LOG_LEVEL', LOG_LEVELS).default('info'),
  httpPort: env.port('HTTP_PORT').default(9464),
  amqpUrl: env.url('AMQP_URL', { protocols: ['amqp', 'amqps'] }).asSecret().optional(),
  redisUrl: env.url('REDIS_URL', { protocols: ['redis', 'rediss'] }).asSecret().optional(),
  database: databaseConfigSchema,
  sources: {
    /** Remote bar sources in priority order, comma-separated: yahoo, alpha-vantage, ig. Empty: the store only. */
    order: env.string('MARKET_DATA_SOURCES').optional(),
    yahooBaseUrl: env.url('YAHOO_BASE_URL', { protocols: ['http', 'https'] }).default('https://query1.finance.yahoo.com'),
    alphaVantageBaseUrl: env.url('ALPHAVANTAGE_BASE_URL', { protocols: ['http', 'https'] }).default('https://www.alphavantage.co'),
    alphaVantageApiKey: env.string('ALPHAVANTAGE_API_KEY').asSecret().optional(),
    igBaseUrl: env.url('IG_BASE_URL', { protocols: ['http', 'https'] }).default('https://demo-api.ig.com/gateway/deal'),
    igApiKey: env.string('IG_API_KEY').asSecret().optional(),
    igUsername: env.string('IG_USERNAME').optional(),
    igPassword: env.string('IG_PASSWORD').asSecret().optional(),
  },
  feed: {
    /** Comma-separated bar files replayed onto the bus (symbol and timeframe from each file name). */
    files: env.string('MARKET_DATA_FILES').optional(),
    /** `max`, or market seconds per real second. */
    speed: env.string('MARKET_DATA_SPEED').default('3600'),
    /** Zone the files' timestamps are in (IANA name or ±HH:MM). */
    tz: env.string('MARKET_DATA_TZ').default('UTC'),
    /** Seed of message ids, so a replay is reproducible. */
    seed: env.int('MARKET_DATA_SEED', { min: 0 }).default(1),
  },
};

export type MarketDataConfig = ConfigOf<typeof marketDataConfigSchema>;

export function loadMarketDataConfig(environment: Readonly<Record<string, string | undefined>> = process.env): MarketDataConfig {
  return loadConfig(marketDataConfigSchema, environment);
}

/** Every environment variable the service reads (deployment files are checked against it). */
export function marketDataEnvironmentVariables(): string[] {
  const names: string[] = [];
  const walk = (node: object): void => {
    for (const value of Object.values(node)) {
      if (value !== null && typeof value === 'object' && 'variable' in value) names.push(String((value as { variable: string }).variable));
      else if (value !== null && typeof value === 'object') walk(value);
    }
  };
  walk(marketDataConfigSchema);
  return names.sort();
}
