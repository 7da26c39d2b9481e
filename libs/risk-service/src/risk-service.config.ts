// The risk service's settings, read from the environment at boot. A wrong or
// missing one stops the service with a message naming it.
import { env, loadConfig, type ConfigOf } from '@trading/config';
import { LOG_LEVELS } from '@trading/observability/log-levels';
import { databaseConfigSchema } from '@trading/persistence/config';
import { DESK_HISTORY_CLOSES } from '@trading/risk-engine';
import { commissionSetting, slippageSetting, spreadSetting, swapSetting } from '@trading/simulated-venue';

export const riskServiceConfigSchema = {
  service: env.string('SERVICE_NAME').default('risk'),
  logLevel: env.enum('LOG_LEVEL', LOG_LEVELS).default('info'),
  httpPort: env.port('HTTP_PORT').default(9464),
  amqpUrl: env.url('AMQP_URL', { protocols: ['amqp', 'amqps'] }).asSecret().optional(),
  database: databaseConfigSchema,
  desk: {
    /** Symbols the desk trades, comma-separated (its book's instruments, in this order). */
    symbols: env.string('RISK_SYMBOLS').default('AUDUSD,EURGBP,EURUSD,GBPUSD,USDCAD,USDCHF'),
    /** Cash the account starts with (the first start only: later starts take it from risk_accounts). */
    initialCash: env.string('RISK_INITIAL_CASH').default('10000'),
    currency: env.string('RISK_CURRENCY').default('USD'),
    /** A limits JSON file (the format of `trading backtest --risk`); the defaults when unset. First start only: then risk_limits. */
    limitsFile: env.string('RISK_LIMITS_FILE').optional(),
    /** The timeframe whose bars move the desk's market state. */
    timeframe: env.string('RISK_TIMEFRAME').default('H1'),
    /** The venue's fill model, which the desk prices entries with: the words of the paper venue's PAPER_* and the backtest's flags. */
    fill: {
      spread: env.read('RISK_SPREAD', spreadSetting).default({ source: 'bar' }),
      slippage: env.read('RISK_SLIPPAGE', slippageSetting).default({ kind: 'none' }),
      commission: env.read('RISK_COMMISSION', commissionSetting).default({ kind: 'none' }),
      swap: env.read('RISK_SWAP', swapSetting).optional(),
    },
  },
  /** A first start (an empty journal) reads the desk's market history from market-data, so VaR and correlation can decide at once. */
  warmUp: {
    /** market-data's base URL, e.g. http://market-data:9464; unset: the desk starts cold (and says so). */
    marketDataUrl: env.url('MARKET_DATA_URL', { protocols: ['http', 'https'] }).optional(),
    marketDataTimeoutMs: env.duration('MARKET_DATA_TIMEOUT').default(30_000),
    /** Closed bars of RISK_TIMEFRAME per symbol: the closes the desk keeps (501) by default; 0 starts cold. */
    bars: env.int('RISK_WARMUP_BARS', { min: 0, max: 50_000 }).default(DESK_HISTORY_CLOSES),
  },
  /** Messages handled per transaction (group commit). */
  maxBatch: env.int('RISK_MAX_BATCH', { min: 1, max: 1000 }).default(64),
  /** A lockstep replay (`trading run --lockstep`): hold each step's inputs until its flow.release, and send a flow.handled receipt per message. */
  lockstep: env.bool('LOCKSTEP').default(false),
  /** Receipts without lockstep: a replay that follows every chain of messages to its end (`trading run --processes`). */
  receipts: env.bool('FLOW_RECEIPTS').default(false),
};

export type RiskServiceConfig = ConfigOf<typeof riskServiceConfigSchema>;

export function loadRiskServiceConfig(environment: Readonly<Record<string, string | undefined>> = process.env): RiskServiceConfig {
  return loadConfig(riskServiceConfigSchema, environment);
}

/** The same loader under the name the deployment checks use. */
export const loadRiskConfig = loadRiskServiceConfig;

/** Every environment variable the service reads (the deployment files are checked against it). */
export function riskEnvironmentVariables(): string[] {
  return [...RISK_SERVICE_ENVIRONMENT_VARIABLES];
}

/** Every environment variable the service reads, sorted. */
export const RISK_SERVICE_ENVIRONMENT_VARIABLES: readonly string[] = (() => {
  const names: string[] = [];
  const walk = (node: object): void => {
    for (const value of Object.values(node)) {
      if (value !== null && typeof value === 'object' && 'variable' in value) names.push(String((value as { variable: string }).variable));
      else if (value !== null && typeof value === 'object') walk(value);
    }
  };
  walk(riskServiceConfigSchema);
  return Object.freeze(names.sort());
})();
