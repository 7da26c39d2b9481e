// The market-data service's settings, read from the environment at boot. A
// wrong or missing one stops the service with a message naming it.
import { ConfigError, env, EnvField, loadConfig, type ConfigIssue, type ConfigOf } from '@trading/config';
import { isSymbol, isTimeframe, type Timeframe } from '@trading/domain';
import { LOG_LEVELS } from '@trading/observability/log-levels';
import { databaseConfigSchema } from '@trading/persistence/config';

/** `replay`: the files once, paced; `live`: poll the sources and the growing files and publish each bar once it has closed. */
export const MARKET_DATA_MODES = ['replay', 'live'] as const;
export type MarketDataMode = (typeof MARKET_DATA_MODES)[number];

export interface LiveSeries {
  readonly symbol: string;
  readonly timeframe: Timeframe;
}

/** `EURUSD:H1,GBPUSD:M5` → the series, each once; undefined when malformed. */
export function parseLiveSeries(list: string): LiveSeries[] | undefined {
  const series: LiveSeries[] = [];
  for (const item of list.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '')) {
    const [symbol, timeframe, ...rest] = item.split(':');
    if (rest.length > 0 || !isSymbol(symbol) || !isTimeframe(timeframe)) return undefined;
    if (series.some((known) => known.symbol === symbol && known.timeframe === timeframe)) return undefined;
    series.push({ symbol, timeframe });
  }
  return series;
}

const liveSeriesField = EnvField.create<LiveSeries[]>('MARKET_DATA_LIVE_SERIES', 'comma-separated SYMBOL:TIMEFRAME pairs, each once, such as EURUSD:H1,GBPUSD:M5', (raw) => {
  const series = parseLiveSeries(raw);
  return series === undefined ? { ok: false } : { ok: true, value: series };
});

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
  mode: env.enum('MARKET_DATA_MODE', MARKET_DATA_MODES).default('replay'),
  /** How long GET /quotes keeps a symbol's latest quote; unset: three bars of the timeframe it came from. */
  quoteTtlMs: env.duration('MARKET_DATA_QUOTE_TTL').optional(),
  live: {
    /** Series polled from the remote sources (MARKET_DATA_SOURCES); the files of MARKET_DATA_FILES are followed as well. */
    series: liveSeriesField.default([]),
    /** Wait after a bar's close before asking for it (providers publish a closed bar a little late). */
    settleMs: env.duration('MARKET_DATA_LIVE_DELAY').default(5_000),
    /** Ask again this soon when the closed bar is not there yet or a poll failed (the seed design's 60-second loop). */
    retryMs: env.duration('MARKET_DATA_LIVE_RETRY').default(60_000),
    /** Bars read back as the validator's context, and as the history the first poll of a series stores. */
    lookbackBars: env.int('MARKET_DATA_LIVE_LOOKBACK', { min: 1, max: 10_000 }).default(500),
  },
};

export type MarketDataConfig = ConfigOf<typeof marketDataConfigSchema>;

export function loadMarketDataConfig(environment: Readonly<Record<string, string | undefined>> = process.env): MarketDataConfig {
  const config = loadConfig(marketDataConfigSchema, environment);
  const issues = crossFieldIssues(config);
  if (issues.length > 0) throw new ConfigError(issues);
  return config;
}

/** Settings each valid alone that do not go together. */
function crossFieldIssues(config: MarketDataConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const series = config.live.series.length > 0;
  if (config.mode === 'replay' && series) {
    issues.push({ variable: 'MARKET_DATA_LIVE_SERIES', problem: 'is only followed in live mode; set MARKET_DATA_MODE=live or unset it' });
  }
  if (config.mode === 'live') {
    if (!series && !config.feed.files?.trim()) {
      issues.push({ variable: 'MARKET_DATA_MODE', problem: 'live mode has nothing to follow: set MARKET_DATA_LIVE_SERIES (polled from MARKET_DATA_SOURCES) or MARKET_DATA_FILES (files that grow)' });
    }
    if (series && !config.sources.order?.trim()) {
      issues.push({ variable: 'MARKET_DATA_SOURCES', problem: 'required when MARKET_DATA_LIVE_SERIES is set (the sources its series are polled from)' });
    }
    if (config.live.retryMs < 1_000) issues.push({ variable: 'MARKET_DATA_LIVE_RETRY', problem: `must be at least 1s, got ${config.live.retryMs} ms` });
  }
  return issues;
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
