// Flags and input files of `trading run`, checked and loaded before anything
// is booted: a wrong flag or an unreadable file is one line within a second,
// not a stack trace after the services have started.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ConfigOf, env, loadConfig } from '@trading/config';
import { type LoadedFeed, loadFeedFiles, parseReplaySpeed, type ReplaySpeed } from '@trading/market-data-service/feeds';
import { LOG_LEVELS } from '@trading/observability/log-levels';
import { databaseConfigSchema } from '@trading/persistence/config';
import { checkBarFileFlags } from '../bar-file-flags';
import { CliError } from '../cli-error';
import { DATA_DIR } from '../vendored-data';
import { wholeNumberFlag } from '../whole-number-flag';

export interface RunFlags {
  readonly data?: string[];
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
}

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
  const files = flags.data && flags.data.length > 0 ? flags.data.map((file) => resolve(file)) : vendoredSampleFiles();
  let speed: ReplaySpeed;
  try {
    speed = parseReplaySpeed(flags.speed ?? 'max');
  } catch (error) {
    throw new CliError(`--speed: ${(error as Error).message}`);
  }
  const seed = wholeNumberFlag(flags.seed ?? '1', '--seed', 0);
  return {
    files,
    symbol: flags.symbol,
    timeframe: flags.tf,
    tz: flags.tz ?? 'UTC',
    speed,
    untilEnd: flags.untilEnd ?? false,
    json: flags.json ?? false,
    seed,
  };
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
