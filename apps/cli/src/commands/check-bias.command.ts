// `trading check-bias`: the look-ahead check. Replays a strategy on the whole
// file and on the file truncated at signal bars (all of them, or a seeded
// sample of at most --samples on long files, plus as many bars without a
// signal) and fails, exit code 1, listing each bar whose signal changes,
// vanishes or appears when the future is cut off.
import type { Command } from 'commander';
import { SeededRandom } from '@trading/domain';
import { checkLookAhead, strategyDefinitions } from '@trading/strategies';
import { CliError } from '../cli-error';
import { printJson, printText } from '../output';
import { parseParams, parseStrategy } from '../strategy-flags';
import { loadFeeds } from './backtest.command';
import { wholeNumberFlag } from '../whole-number-flag';

interface CheckBiasFlags {
  readonly strategy: string;
  readonly data: string;
  readonly symbol?: string;
  readonly tf?: string;
  readonly tz?: string;
  readonly params?: string;
  readonly samples: string;
  readonly seed: string;
  readonly json?: boolean;
}

export function registerCheckBias(program: Command): void {
  program
    .command('check-bias')
    .description('look-ahead check: recompute signals on data truncated at the signal bar and report any that change')
    .requiredOption('--strategy <name>', `strategy (${strategyDefinitions().map((d) => d.name).join(', ')})`)
    .requiredOption('--data <file>', 'bar file')
    .option('--symbol <symbol>', 'instrument (default: from the file name)')
    .option('--tf <timeframe>', "the data's timeframe (default: from the file name)")
    .option('--tz <zone>', "zone of the file's timestamps", 'UTC')
    .option('--params <json>', 'strategy parameters as JSON')
    .option('--samples <n>', 'most signal bars to cut at on long files (seeded sample)', '200')
    .option('--seed <n>', 'seed of the sample', '1')
    .option('--json', 'print the report as JSON on stdout')
    .action(async (flags: CheckBiasFlags) => {
      const definition = parseStrategy(flags.strategy);
      const parameters = parseParams(definition, flags.params);
      const samples = wholeNumberFlag(flags.samples, '--samples', 1);
      const seed = wholeNumberFlag(flags.seed, '--seed', 0);
      const { feeds } = await loadFeeds([flags.data], flags);
      const bars = feeds[0];
      if (!definition.timeframes.includes(bars.timeframe)) throw new CliError(`--tf: ${definition.name} trades ${definition.timeframes.join('/')} data, not ${bars.timeframe}`);
      const report = checkLookAhead(definition, parameters, bars, { maxSamples: samples, random: new SeededRandom(seed) });
      if (flags.json) {
        printJson({ ...report, differences: report.differences.map((d) => ({ ...d, barTime: new Date(d.barTime).toISOString() })) });
      } else {
        printText(
          `${report.strategy} on ${bars.symbol} ${bars.timeframe}: ${report.bars} bars, ${report.signals} signals, cut at ${report.checkedBars} bars${report.sampled ? ' (seeded sample)' : ''}: ${report.passed ? 'no look-ahead found' : 'LOOK-AHEAD FOUND'}`,
        );
        for (const difference of report.differences) printText(`  ${difference.description}`);
      }
      if (!report.passed) process.exitCode = 1;
    });
}
