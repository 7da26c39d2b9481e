// A strategy service's settings, read from the environment at boot. A wrong
// or missing one stops the service with a message naming it, before it
// connects to anything: symbols, timeframe and pinned parameters are checked
// against the strategy's own definition here.
import { ConfigError, env, loadConfig, type ConfigIssue, type ConfigOf } from '@trading/config';
import { instrumentFor, ManualClock, type Timeframe } from '@trading/domain';
import { LOG_LEVELS } from '@trading/observability/log-levels';
import { type ParameterValues, resolveParameters, type StrategyDefinition, strategyDefinition } from '@trading/strategies';

/** The strategies that run as services, and the port each answers /metrics and /health on by default (as docker-compose publishes them; market-data has 9464, risk 9465, order-execution 9466). */
export const STRATEGY_SERVICE_PORTS = { scalping: 9467, intraday: 9468, swing: 9469 } as const;
export type StrategyServiceName = keyof typeof STRATEGY_SERVICE_PORTS;
export const STRATEGY_SERVICE_NAMES = Object.keys(STRATEGY_SERVICE_PORTS) as StrategyServiceName[];

/** A warm-up never asks for more than this many bars of one feed. */
export const MAX_WARMUP_BARS = 50_000;
/**
 * Default warm-up: this many times the strategy's own warm-up. Its averages
 * (EMA, Wilder's RSI, ATR, ADX) never forget their first bar, they only fade
 * it: after about 36.7 periods (ln 2^53) the start no longer shows in a
 * double, so a strategy warmed on that much history signals bit for bit as
 * one that has run since the first bar of the file.
 */
export const WARMUP_FACTOR = 40;

const PARAMETERS_VERSION = /^[A-Za-z0-9_./:-]{1,128}$/;

export function strategyServiceConfigSchema(name: StrategyServiceName) {
  return {
    service: env.string('SERVICE_NAME').default(`strategy-${name}`),
    logLevel: env.enum('LOG_LEVEL', LOG_LEVELS).default('info'),
    httpPort: env.port('HTTP_PORT').default(STRATEGY_SERVICE_PORTS[name]),
    amqpUrl: env.url('AMQP_URL', { protocols: ['amqp', 'amqps'] }).asSecret().optional(),
    /** market-data's HTTP API, where the warm-up reads bar history. */
    marketDataUrl: env.url('MARKET_DATA_URL', { protocols: ['http', 'https'] }).default('http://127.0.0.1:9464'),
    marketDataTimeoutMs: env.duration('MARKET_DATA_TIMEOUT').default(30_000),
    /** Comma-separated symbols; the definition's defaults when unset. */
    symbols: env.string('STRATEGY_SYMBOLS').optional(),
    timeframe: env.enum('STRATEGY_TIMEFRAME', strategyDefinition(name).timeframes).optional(),
    /** Bars of history per symbol rebuilt at start and kept for a change of parameters. */
    warmupBars: env.int('STRATEGY_WARMUP_BARS', { min: 0, max: MAX_WARMUP_BARS }).optional(),
    /** Parameters pinned at boot (a JSON object), instead of the defaults. */
    parameters: env.string('STRATEGY_PARAMETERS').optional(),
    parametersVersion: env.string('STRATEGY_PARAMETERS_VERSION').optional(),
    /** Seed of the retry jitter. */
    seed: env.int('STRATEGY_SEED', { min: 0 }).default(1),
    /** In a lockstep replay: hold each step's bars and reports until released, and send flow.handled receipts. */
    lockstep: env.bool('LOCKSTEP').default(false),
    /** Receipts without lockstep: a replay that follows every chain of messages to its end (`trading run --processes`). */
    receipts: env.bool('FLOW_RECEIPTS').default(false),
    /** Start cold, with no warm-up from market-data: a replay from the first bar of its data, as a backtest starts. */
    coldStart: env.bool('STRATEGY_COLD_START').default(false),
  };
}

type StrategyServiceEnvironment = ConfigOf<ReturnType<typeof strategyServiceConfigSchema>>;

/** What a strategy service runs: the strategy, what it trades and on which parameters. */
export interface StrategyServiceSettings {
  readonly definition: StrategyDefinition;
  readonly symbols: readonly string[];
  readonly timeframe: Timeframe;
  readonly parameters: ParameterValues;
  /** "defaults", or what STRATEGY_PARAMETERS_VERSION names. */
  readonly parametersVersion: string;
  readonly warmupBars: number;
}

export interface StrategyServiceConfig {
  readonly service: string;
  readonly logLevel: StrategyServiceEnvironment['logLevel'];
  readonly httpPort: number;
  readonly amqpUrl: string | undefined;
  readonly marketDataUrl: string;
  readonly marketDataTimeoutMs: number;
  readonly seed: number;
  readonly lockstep: boolean;
  /** Receipts without holding (FLOW_RECEIPTS); LOCKSTEP sends them too. */
  readonly receipts: boolean;
  /** No warm-up: the strategy starts from the first bar it is sent (STRATEGY_COLD_START). */
  readonly coldStart: boolean;
  readonly settings: StrategyServiceSettings;
}

export function loadStrategyServiceConfig(name: StrategyServiceName, environment: Readonly<Record<string, string | undefined>> = process.env): StrategyServiceConfig {
  const raw = loadConfig(strategyServiceConfigSchema(name), environment);
  const issues: ConfigIssue[] = [];
  const definition = strategyDefinition(name);
  const symbols = readSymbols(raw.symbols, definition, issues);
  const timeframe = raw.timeframe ?? definition.serviceDefaults?.timeframe;
  if (timeframe === undefined) issues.push({ variable: 'STRATEGY_TIMEFRAME', problem: `required: ${name} has no default timeframe (one of ${definition.timeframes.join(', ')})` });
  const pinned = readParameters(raw.parameters, raw.parametersVersion, definition, issues);
  if (issues.length > 0 || timeframe === undefined) throw new ConfigError(issues);
  let parameters = pinned.parameters;
  let warmupBars = 0;
  try {
    // A cross-parameter rule, or a timeframe the strategy cannot build its bars from.
    warmupBars = Math.max(...symbols.map((symbol) => warmupOf(definition, parameters, symbol, timeframe)));
  } catch (error) {
    const variable = raw.parameters === undefined ? 'STRATEGY_TIMEFRAME' : 'STRATEGY_PARAMETERS';
    throw new ConfigError([{ variable, problem: error instanceof Error ? error.message : String(error) }]);
  }
  parameters = Object.freeze({ ...parameters });
  return Object.freeze({
    service: raw.service,
    logLevel: raw.logLevel,
    httpPort: raw.httpPort,
    amqpUrl: raw.amqpUrl,
    marketDataUrl: raw.marketDataUrl,
    marketDataTimeoutMs: raw.marketDataTimeoutMs,
    seed: raw.seed,
    lockstep: raw.lockstep,
    receipts: raw.receipts,
    coldStart: raw.coldStart,
    settings: Object.freeze({
      definition,
      symbols: Object.freeze(symbols),
      timeframe,
      parameters,
      parametersVersion: pinned.version,
      warmupBars: raw.warmupBars ?? defaultWarmupBars(warmupBars),
    }),
  });
}

/** The bars a warm-up reads for a strategy that needs `strategyWarmupBars` before it can signal. */
export function defaultWarmupBars(strategyWarmupBars: number): number {
  return Math.min(MAX_WARMUP_BARS, Math.max(1, strategyWarmupBars) * WARMUP_FACTOR);
}

/** The strategy's own warm-up on these parameters; throws the definition's RangeError when it refuses them. */
export function warmupOf(definition: StrategyDefinition, parameters: ParameterValues, symbol: string, timeframe: Timeframe): number {
  return definition.create(parameters, { symbol, timeframe, instrument: instrumentFor(symbol), clock: new ManualClock(0), positionSide: () => 0 }).warmupBars;
}

/** Every environment variable a strategy service reads (deployment files are checked against it). */
export function strategyServiceEnvironmentVariables(): string[] {
  return Object.values(strategyServiceConfigSchema('intraday'))
    .map((field) => field.variable)
    .sort();
}

function readSymbols(text: string | undefined, definition: StrategyDefinition, issues: ConfigIssue[]): string[] {
  if (text === undefined) {
    const symbols = definition.serviceDefaults?.symbols ?? [];
    if (symbols.length === 0) issues.push({ variable: 'STRATEGY_SYMBOLS', problem: `required: ${definition.name} has no default symbols` });
    return [...symbols];
  }
  const symbols = text.split(',').map((symbol) => symbol.trim());
  const bad = symbols.filter((symbol) => !/^[A-Z]{6}$/.test(symbol));
  if (bad.length > 0) issues.push({ variable: 'STRATEGY_SYMBOLS', problem: `expected comma-separated six-letter symbols such as EURUSD,GBPUSD, got ${bad.map((symbol) => JSON.stringify(symbol)).join(', ')}` });
  else if (new Set(symbols).size !== symbols.length) issues.push({ variable: 'STRATEGY_SYMBOLS', problem: `names a symbol twice: ${text}` });
  return [...new Set(symbols)].sort();
}

function readParameters(text: string | undefined, version: string | undefined, definition: StrategyDefinition, issues: ConfigIssue[]): { parameters: ParameterValues; version: string } {
  const defaults = { parameters: resolveParameters(definition.name, definition.parameters, {}), version: 'defaults' };
  if (text === undefined) {
    if (version !== undefined) issues.push({ variable: 'STRATEGY_PARAMETERS_VERSION', problem: 'set without STRATEGY_PARAMETERS: the defaults are version "defaults"' });
    return defaults;
  }
  let parameters = defaults.parameters;
  try {
    const given: unknown = JSON.parse(text);
    try {
      parameters = resolveParameters(definition.name, definition.parameters, given);
    } catch (error) {
      issues.push({ variable: 'STRATEGY_PARAMETERS', problem: error instanceof Error ? error.message : String(error) });
    }
  } catch {
    issues.push({ variable: 'STRATEGY_PARAMETERS', problem: `expected a JSON object of name: value, got ${JSON.stringify(text.slice(0, 80))}` });
  }
  if (version === undefined) issues.push({ variable: 'STRATEGY_PARAMETERS_VERSION', problem: 'required with STRATEGY_PARAMETERS, so every signal names the parameters behind it' });
  else if (!PARAMETERS_VERSION.test(version)) issues.push({ variable: 'STRATEGY_PARAMETERS_VERSION', problem: `expected 1-128 letters, digits, "_", ".", "/", ":" or "-", got ${JSON.stringify(version)}` });
  return { parameters, version: version ?? 'defaults' };
}
