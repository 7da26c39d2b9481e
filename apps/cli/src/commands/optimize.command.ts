// `trading optimize`: walk-forward TPE optimisation of a strategy, the stitched
// out-of-sample record, Monte Carlo, the Deflated Sharpe Ratio and PBO, and a
// verdict, in one command. The definition lives here; the action (and the
// libraries it needs) loads only when the command runs.
import type { Command } from 'commander';
import { strategyDefinitions } from '@trading/strategies';
import { type ExecutionFlags, addExecutionOptions } from '../execution-flags';

export interface OptimizeFlags extends ExecutionFlags {
  readonly strategy: string;
  readonly data: string[];
  readonly symbol?: string;
  readonly tf?: string;
  readonly tz?: string;
  readonly trials: string;
  readonly folds: string;
  readonly train: string;
  readonly test: string;
  readonly step?: string;
  readonly purge: string;
  readonly windows: string;
  readonly objective: string;
  readonly minTrades: string;
  readonly batch: string;
  readonly workers: string;
  readonly seed: string;
  readonly partitions: string;
  readonly mcRuns: string;
  readonly ruin: string;
  readonly lots?: string;
  readonly riskPerTrade?: string;
  readonly risk?: string;
  readonly report?: string;
  readonly trialsOut?: string;
  readonly json?: boolean;
}

export function registerOptimize(program: Command): void {
  const command = program
    .command('optimize')
    .description('walk-forward TPE optimisation, stitched out-of-sample record, Monte Carlo, Deflated Sharpe, PBO and a verdict')
    .requiredOption('--strategy <name>', `strategy (${strategyDefinitions().map((d) => d.name).join(', ')})`)
    .requiredOption('--data <file...>', 'bar files (one per symbol; symbol and timeframe from names like EURUSD_H1*.csv)')
    .option('--symbol <symbol>', 'instrument of a single file (default: from the file name)')
    .option('--tf <timeframe>', "the data's timeframe (default: from the file name)")
    .option('--tz <zone>', "zone of the files' timestamps: IANA name or offset like +02:00", 'UTC')
    .option('--trials <n>', 'TPE trials per fold', '200')
    .option('--folds <n>', 'walk-forward folds, laid out back from the end of the data', '6')
    .option('--train <length>', 'train window (12mo, 1y, 26w, 90d, ...); anchored: the first fold\'s minimum', '12mo')
    .option('--test <length>', 'test window', '3mo')
    .option('--step <length>', 'distance between test windows (default: the test length)')
    .option('--purge <length>', 'gap between each train window and its test window', '0')
    .option('--windows <mode>', 'rolling or anchored train windows', 'rolling')
    .option('--objective <name>', 'sharpe, sortino, calmar or profit-factor (after costs)', 'sharpe')
    .option('--min-trades <n>', 'trades a trial needs in its train window to count', '20')
    .option('--batch <n>', 'trials asked and told together (results depend on it, not on --workers)', '8')
    .option('--workers <n>', 'worker threads evaluating trials (1: this thread)', '1')
    .option('--seed <n>', 'seed of the samplers, the Monte Carlo and the order ids', '1')
    .option('--partitions <n>', 'CSCV partitions for PBO (even)', '16')
    .option('--mc-runs <n>', 'Monte Carlo paths per method', '2000')
    .option('--ruin <fraction>', 'loss of the initial cash that counts as ruin', '0.5');
  addExecutionOptions(command)
    .option('--lots <lots>', 'fixed size per trade in lots (default 0.1)')
    .option('--risk-per-trade <fraction>', 'fixed-fractional sizing: fraction of equity risked to the stop')
    .option('--risk <limits.json>', 'size and check every signal with the risk engine under these limits')
    .option('--report <file.html>', 'write the HTML report here')
    .option('--trials-out <file.jsonl>', 'write one JSON line per trial (fold, params, objective, returns)')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (flags: OptimizeFlags) => (await import('./optimize/optimize.action')).runOptimize(flags));
}
