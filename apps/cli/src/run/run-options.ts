// Flags and input files of `trading run`, checked and loaded before anything
// is booted: a wrong flag or an unreadable file is one line within a second,
// not a stack trace after the services have started.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ScheduledCommand, StrategyRun } from '@trading/backtest';
import type { Money } from '@trading/domain';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '@trading/risk-engine';
import type { FillModel } from '@trading/simulated-venue';
import { type ConfigOf, env, loadConfig } from '@trading/config';
import { type LoadedFeed, loadFeedFiles, parseReplaySpeed, type ReplaySpeed } from '@trading/market-data-service/feeds';
import { LOG_LEVELS } from '@trading/observability/log-levels';
import { databaseConfigSchema } from '@trading/persistence/config';
import { checkBarFileFlags } from '../bar-file-flags';
import { CliError } from '../cli-error';
import { readRiskLimits } from '../commands/risk-limits-file';
import { readEventsFile } from '../events-file';
import { type ExecutionFlags, parseCash, parseFillModel } from '../execution-flags';
import { parseStrategyRuns } from '../strategy-flags';
import { DATA_DIR } from '../vendored-data';
import { wholeNumberFlag } from '../whole-number-flag';

export interface RunFlags extends Partial<ExecutionFlags> {
  readonly data?: string[];
  readonly strategies?: string;
  readonly params?: string;
  readonly risk?: string;
  readonly events?: string;
  readonly decisions?: string;
  readonly lockstep?: boolean;
  readonly live?: boolean;
  readonly series?: string;
  readonly processes?: boolean;
  readonly symbol?: string;
  readonly tf?: string;
  readonly tz?: string;
  readonly speed?: string;
  readonly untilEnd?: boolean;
  readonly json?: boolean;
  readonly seed?: string;
}

export interface RunOptions {
  readonly files: string[];
  readonly symbol?: string;
  readonly timeframe?: string;
  readonly tz: string;
  readonly speed: ReplaySpeed;
  readonly untilEnd: boolean;
  readonly json: boolean;
  readonly seed: number;
  /** The strategy services to run, with their parameters. */
  readonly runs: readonly StrategyRun[];
  /** Whether --strategies named them (a named strategy no file suits is an error; a default one is left out). */
  readonly strategiesGiven: boolean;
  /** The risk service's limits: --risk, or the defaults. */
  readonly limits: RiskLimits;
  /** The paper venue's fill model (the backtest's, next-open only). */
  readonly fill: FillModel;
  readonly cash: Money;
  /** A person's commands at set times (kill switch, resume). */
  readonly events: readonly ScheduledCommand[];
  /** Where to write risk's decision log. */
  readonly decisions?: string;
  /** Release each bar only once everything it caused was handled, and close out at the end, as the backtest does. */
  readonly lockstep: boolean;
  /** Live: follow `files` as they grow and poll `series` from the remote sources, until interrupted (no replay). */
  readonly live?: LiveRun;
  /** The services as child processes (`trading serve <name>`), on RabbitMQ and Postgres. */
  readonly processes: boolean;
}

export interface LiveRun {
  /** `SYMBOL:TIMEFRAME` pairs polled from MARKET_DATA_SOURCES, as MARKET_DATA_LIVE_SERIES takes them; '' for none. */
  readonly series: string;
}

/** The strategy services `trading run` starts by default: one per shipped strategy family. */
export const DEFAULT_RUN_STRATEGIES = 'scalping,intraday,swing';

/** The servers a run uses (unset: the embedded stand-ins) and its log level. */
const runEnvironmentSchema = {
  amqpUrl: env.url('AMQP_URL', { protocols: ['amqp', 'amqps'] }).asSecret().optional(),
  redisUrl: env.url('REDIS_URL', { protocols: ['redis', 'rediss'] }).asSecret().optional(),
  logLevel: env.enum('LOG_LEVEL', LOG_LEVELS).default('warn'),
  database: databaseConfigSchema,
};

export type RunEnvironment = ConfigOf<typeof runEnvironmentSchema>;

/** The run's settings from the environment; a wrong one is a ConfigError naming it (one line, exit 2). */
export function loadRunEnvironment(): RunEnvironment {
  return loadConfig(runEnvironmentSchema);
}

/** The vendored sample (data/ at the workspace root) the embedded run replays by default. */
export function vendoredSampleFiles(): string[] {
  const folder = DATA_DIR;
  if (!existsSync(folder)) throw new CliError(`the vendored sample data folder is missing: ${folder}`, 1);
  const files = readdirSync(folder)
    .filter((name) => /\.csv(\.gz)?$/.test(name))
    .sort()
    .map((name) => join(folder, name));
  if (files.length === 0) throw new CliError(`no bar files in ${folder}`, 1);
  return files;
}

export function parseRunOptions(flags: RunFlags): RunOptions {
  checkBarFileFlags(flags);
  const live = flags.live === true ? checkLiveFlags(flags) : undefined;
  if (live === undefined && flags.series !== undefined) throw new CliError('--series: remote series are polled only in a live run; add --live');
  const files = flags.data && flags.data.length > 0 ? flags.data.map((file) => resolve(file)) : live ? [] : vendoredSampleFiles();
  let speed: ReplaySpeed;
  try {
    speed = parseReplaySpeed(flags.speed ?? 'max');
  } catch (error) {
    throw new CliError(`--speed: ${(error as Error).message}`);
  }
  const seed = wholeNumberFlag(flags.seed ?? '1', '--seed', 0);
  const cash = parseCash(flags.cash ?? '10000', flags.currency ?? 'USD');
  const fill = parseFillModel({ fill: flags.fill ?? 'next-open', spread: flags.spread ?? 'bar', slippage: flags.slippage ?? 'none', commission: flags.commission ?? 'none', swap: flags.swap });
  if (fill.timing !== 'next-open') throw new CliError('--fill: the paper venue fills market orders at the next open; close timing is a backtest-only assumption');
  const runs = parseStrategyRuns(flags.strategies ?? DEFAULT_RUN_STRATEGIES, flags.params);
  const limits = flags.risk === undefined ? { ...DEFAULT_RISK_LIMITS, accountCurrency: cash.currency } : readRiskLimits(flags.risk, cash.currency);
  const events = flags.events === undefined ? [] : readEventsFile(flags.events);
  return {
    files,
    symbol: flags.symbol,
    timeframe: flags.tf,
    tz: flags.tz ?? 'UTC',
    speed,
    untilEnd: flags.untilEnd ?? false,
    json: flags.json ?? false,
    seed,
    runs,
    strategiesGiven: flags.strategies !== undefined,
    limits,
    fill,
    cash,
    events,
    decisions: flags.decisions === undefined ? undefined : resolve(flags.decisions),
    lockstep: flags.lockstep ?? false,
    processes: flags.processes ?? false,
    ...(live === undefined ? {} : { live }),
  };
}

/** A live run follows files and series until interrupted: the flags that shape a replay do not go with it. */
function checkLiveFlags(flags: RunFlags): LiveRun {
  const replayOnly: [keyof RunFlags, string][] = [
    ['lockstep', '--lockstep'],
    ['untilEnd', '--until-end'],
    ['speed', '--speed'],
    ['events', '--events'],
    ['symbol', '--symbol'],
    ['tf', '--tf'],
    ['processes', '--processes'],
  ];
  for (const [flag, name] of replayOnly) {
    if (flags[flag] !== undefined && flags[flag] !== false) {
      throw new CliError(`${name}: not for a live run, which publishes each bar as it closes until interrupted (name files like EURUSD_H1.csv)`);
    }
  }
  const series = flags.series?.trim() ?? '';
  const files = flags.data ?? [];
  if (series === '' && files.length === 0) throw new CliError('--live: nothing to follow: give --data files that grow, or --series SYMBOL:TIMEFRAME,… to poll from MARKET_DATA_SOURCES');
  for (const file of files) if (!existsSync(file)) throw new CliError(`--data: cannot follow ${resolve(file)}: no such file`);
  return { series };
}

/** --processes needs the servers the children meet on; a CliError (exit 2) naming what is missing. */
export function checkProcessesEnvironment(options: RunOptions, environment: RunEnvironment): void {
  if (!options.processes) return;
  const missing = [environment.amqpUrl === undefined ? 'AMQP_URL' : undefined, environment.database.url === undefined ? 'DATABASE_URL' : undefined].filter((name) => name !== undefined);
  if (missing.length > 0) throw new CliError(`--processes: the services run as separate processes and meet on RabbitMQ and Postgres: set ${missing.join(' and ')}`);
}

/** --processes tells each service one timeframe (PAPER_TIMEFRAME, RISK_TIMEFRAME): every file must have the same; a CliError naming them otherwise. */
export function checkProcessesFeeds(options: RunOptions, feeds: readonly LoadedFeed[]): void {
  if (!options.processes) return;
  const timeframes = [...new Set(feeds.map((feed) => feed.columns.timeframe))].sort();
  if (timeframes.length > 1) throw new CliError(`--processes: the venue and risk run alone on one timeframe, and the files have ${timeframes.join(', ')}: replay one timeframe per run`);
}

/**
 * The strategy services the files can feed: every strategy --strategies named
 * (one no file has a timeframe for is a CliError naming it), or by default
 * those of the default set that some file suits.
 */
export function strategiesForFeeds(options: RunOptions, feeds: readonly LoadedFeed[]): StrategyRun[] {
  return strategiesForTimeframes(options, feeds.map((feed) => feed.columns.timeframe));
}

/** strategiesForFeeds for the timeframes of the series a run publishes. */
export function strategiesForTimeframes(options: RunOptions, published: readonly string[]): StrategyRun[] {
  const timeframes = new Set<string>(published);
  const suited = (run: StrategyRun): boolean => run.definition.timeframes.some((timeframe) => timeframes.has(timeframe));
  const given = [...timeframes].sort().join(', ');
  if (options.strategiesGiven) {
    const unsuited = options.runs.find((run) => !suited(run));
    if (unsuited !== undefined) throw new CliError(`--strategies: ${unsuited.definition.name} trades ${unsuited.definition.timeframes.join('/')} data, and no file given has it (given: ${given})`);
    return [...options.runs];
  }
  const runs = options.runs.filter(suited);
  if (runs.length === 0) throw new CliError(`--data: no strategy trades the given timeframes (${given}); scalping trades M1/M5, intraday M15/M30/H1, swing H1/H4/D1`);
  return runs;
}

/** Reads and validates every file; a file that cannot be read, or holds no bar that passes validation, is a CliError naming it. */
export async function loadRunFeeds(options: RunOptions): Promise<LoadedFeed[]> {
  const feeds: LoadedFeed[] = [];
  for (const file of options.files) {
    let loaded: LoadedFeed[];
    try {
      loaded = await loadFeedFiles([file], { symbol: options.symbol, timeframe: options.timeframe, tz: options.tz });
    } catch (error) {
      throw new CliError(`--data: ${error instanceof Error ? error.message : String(error)}`);
    }
    const { report } = loaded[0].import;
    if (loaded[0].columns.length === 0) {
      throw new CliError(`--data: ${file} holds no bars (${report.bars} rows read, ${report.dropped} dropped, ${report.rejected} rejected; see \`trading data check\`)`);
    }
    feeds.push(...loaded);
  }
  return feeds;
}
