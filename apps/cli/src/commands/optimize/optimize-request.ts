// Flags of `trading optimize` read into the optimisation request; every
// mistake is one CliError naming its flag.
import {
  type Duration,
  type OptimizationRequest,
  type SizingSettings,
  type TrialSettings,
  parseDuration,
  parseObjective,
  sizingPolicy,
} from '@trading/optimization';
import { parseStrategy } from '../../strategy-flags';
import { readRiskLimits } from '../risk-limits-file';
import { parseCash, parseFillModel } from '../../execution-flags';
import { CliError } from '../../cli-error';
import { wholeNumberFlag } from '../../whole-number-flag';
import type { OptimizeFlags } from '../optimize.command';

export interface ParsedOptimize {
  /** Everything but the bars, which are read once the flags are known to be good. */
  readonly request: Omit<OptimizationRequest, 'feeds'>;
  readonly workers: number;
}

export function parseOptimizeFlags(flags: OptimizeFlags): ParsedOptimize {
  const strategy = parseStrategy(flags.strategy);
  const cash = parseCash(flags.cash, flags.currency);
  const settings: TrialSettings = {
    fill: parseFillModel(flags),
    sizing: parseSizing(flags, cash.currency),
    initialCash: cash.toString(),
    currency: cash.currency,
    seed: wholeNumberFlag(flags.seed, '--seed', 0),
  };
  if (flags.windows !== 'rolling' && flags.windows !== 'anchored') throw new CliError(`--windows: expected rolling or anchored, got "${flags.windows}"`);
  const test = duration('--test', flags.test);
  const request: Omit<OptimizationRequest, 'feeds'> = {
    strategy,
    settings,
    windows: {
      mode: flags.windows,
      train: duration('--train', flags.train),
      test,
      step: flags.step === undefined ? test : duration('--step', flags.step),
      purge: duration('--purge', flags.purge),
      folds: wholeNumberFlag(flags.folds, '--folds', 1),
    },
    trials: wholeNumberFlag(flags.trials, '--trials', 1),
    batch: wholeNumberFlag(flags.batch, '--batch', 1),
    objective: flagged('--objective', () => parseObjective(flags.objective)),
    minTrades: wholeNumberFlag(flags.minTrades, '--min-trades', 0),
    partitions: partitions(flags.partitions),
    monteCarlo: { runs: wholeNumberFlag(flags.mcRuns, '--mc-runs', 1), ruinLoss: fraction('--ruin', flags.ruin) },
  };
  return { request, workers: wholeNumberFlag(flags.workers, '--workers', 1) };
}

function parseSizing(flags: OptimizeFlags, currency: string): SizingSettings {
  const given = [flags.lots !== undefined && '--lots', flags.riskPerTrade !== undefined && '--risk-per-trade', flags.risk !== undefined && '--risk'].filter(Boolean);
  if (given.length > 1) throw new CliError(`${given.join(' and ')}: give one sizing, not several`);
  let sizing: SizingSettings;
  let flag = '--lots';
  if (flags.risk !== undefined) {
    sizing = { kind: 'risk-engine', limits: readRiskLimits(flags.risk, currency) };
    flag = '--risk';
  } else if (flags.riskPerTrade !== undefined) {
    sizing = { kind: 'risk-per-trade', fraction: Number(flags.riskPerTrade) };
    flag = '--risk-per-trade';
  } else sizing = { kind: 'fixed-lots', lots: flags.lots ?? '0.1' };
  // Building the policy once checks the values with the policy's own words.
  flagged(flag, () => sizingPolicy(sizing));
  return sizing;
}

function duration(flag: string, text: string): Duration {
  return flagged(flag, () => parseDuration(text));
}

function partitions(text: string): number {
  const value = wholeNumberFlag(text, '--partitions', 2);
  if (value % 2 !== 0 || value > 30) throw new CliError(`--partitions: expected an even whole number in 2..30, got "${text}"`);
  return value;
}

function fraction(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !(value > 0 && value <= 1)) throw new CliError(`${flag}: expected a fraction in (0, 1], got "${text}"`);
  return value;
}

function flagged<T>(flag: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${flag}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
