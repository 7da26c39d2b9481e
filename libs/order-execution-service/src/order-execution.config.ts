// The order-execution service's settings, read from the environment at boot.
// The paper venue's fill model is read by the same readers as `trading
// backtest`'s flags (spread, slippage, commission, swap, cash), so a paper run
// and a backtest are configured in the same words. A wrong or missing setting
// stops the service with a message naming it.
import { env, EnvField, loadConfig, type ConfigOf } from '@trading/config';
import { TIMEFRAMES, instrumentFor } from '@trading/domain';
import { LOG_LEVELS } from '@trading/observability/log-levels';
import { databaseConfigSchema } from '@trading/persistence/config';
import { cashSetting, commissionSetting, slippageSetting, spreadSetting, swapSetting } from '@trading/simulated-venue';

function symbolList(variable: string): EnvField<readonly string[]> {
  return EnvField.create<readonly string[]>(variable, 'comma-separated FX symbols such as EURUSD,GBPUSD', (raw) => {
    const symbols = raw.split(',').map((symbol) => symbol.trim().toUpperCase());
    try {
      for (const symbol of symbols) instrumentFor(symbol);
    } catch {
      return { ok: false as const };
    }
    return new Set(symbols).size === symbols.length ? { ok: true as const, value: symbols as readonly string[] } : { ok: false as const };
  });
}

export const orderExecutionConfigSchema = {
  service: env.string('SERVICE_NAME').default('order-execution'),
  logLevel: env.enum('LOG_LEVEL', LOG_LEVELS).default('info'),
  httpPort: env.port('HTTP_PORT').default(9465),
  amqpUrl: env.url('AMQP_URL', { protocols: ['amqp', 'amqps'] }).asSecret().optional(),
  database: databaseConfigSchema,
  /** Which venue orders go to; only the paper venue so far (IG comes behind the same port). */
  broker: env.enum('BROKER', ['paper'] as const).default('paper'),
  /** Seed of the ids of messages without a cause (the start snapshot). */
  seed: env.int('ORDER_EXECUTION_SEED', { min: 0 }).default(1),
  /** Messages per batch of the orders queue, handled in one transaction (group commit). */
  maxBatch: env.int('ORDER_EXECUTION_MAX_BATCH', { min: 1, max: 1000 }).default(64),
  /** A lockstep replay (`trading run --lockstep`): send a flow.handled receipt after each handled message. */
  lockstep: env.bool('LOCKSTEP').default(false),
  /** Receipts without lockstep: a replay that follows every chain of messages to its end (`trading run --processes`). */
  receipts: env.bool('FLOW_RECEIPTS').default(false),
  paper: {
    symbols: symbolList('PAPER_SYMBOLS').default(['EURUSD']),
    /** Bars of this timeframe work the paper book (the finest the market-data service publishes). */
    timeframe: env.enum('PAPER_TIMEFRAME', TIMEFRAMES).default('H1'),
    spread: env.read('PAPER_SPREAD', spreadSetting).default({ source: 'bar' }),
    slippage: env.read('PAPER_SLIPPAGE', slippageSetting).default({ kind: 'none' }),
    commission: env.read('PAPER_COMMISSION', commissionSetting).default({ kind: 'none' }),
    swap: env.read('PAPER_SWAP', swapSetting).optional(),
    cash: env.read('PAPER_CASH', cashSetting).default('10000'),
    currency: env.string('PAPER_CURRENCY').default('USD'),
  },
};

export type OrderExecutionConfig = ConfigOf<typeof orderExecutionConfigSchema>;

export function loadOrderExecutionConfig(environment: Readonly<Record<string, string | undefined>> = process.env): OrderExecutionConfig {
  return loadConfig(orderExecutionConfigSchema, environment);
}

/** Every environment variable the service reads (for the deployment files). */
export const ORDER_EXECUTION_ENVIRONMENT_VARIABLES: readonly string[] = Object.freeze(variablesOf(orderExecutionConfigSchema));

function variablesOf(node: object): string[] {
  const names: string[] = [];
  for (const value of Object.values(node)) {
    if (value instanceof EnvField) names.push(value.variable);
    else if (value !== null && typeof value === 'object') names.push(...variablesOf(value));
  }
  return names.sort();
}
