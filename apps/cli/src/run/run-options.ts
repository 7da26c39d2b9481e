// Flags of `trading run`, checked before anything is opened.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseReplaySpeed, type ReplaySpeed } from '@trading/market-data-service';
import { CliError } from '../cli-error';

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

/** The vendored sample (data/ at the workspace root) the embedded run replays by default. */
export function vendoredSampleFiles(): string[] {
  const folder = resolve(__dirname, '..', '..', '..', '..', 'data');
  if (!existsSync(folder)) throw new CliError(`the vendored sample data folder is missing: ${folder}`, 1);
  const files = readdirSync(folder)
    .filter((name) => /\.csv(\.gz)?$/.test(name))
    .sort()
    .map((name) => join(folder, name));
  if (files.length === 0) throw new CliError(`no bar files in ${folder}`, 1);
  return files;
}

export function parseRunOptions(flags: RunFlags): RunOptions {
  const files = flags.data && flags.data.length > 0 ? flags.data.map((file) => resolve(file)) : vendoredSampleFiles();
  for (const file of files) if (!existsSync(file)) throw new CliError(`--data: no such file: ${file}`);
  let speed: ReplaySpeed;
  try {
    speed = parseReplaySpeed(flags.speed ?? 'max');
  } catch (error) {
    throw new CliError(`--speed: ${(error as Error).message}`);
  }
  const seed = Number(flags.seed ?? '1');
  if (!Number.isSafeInteger(seed) || seed < 0) throw new CliError(`--seed must be a non-negative integer, got "${flags.seed}"`);
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
