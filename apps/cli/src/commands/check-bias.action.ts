// The action of `trading check-bias` (see ./check-bias.command).
import { SeededRandom } from '@trading/domain';
import { checkLookAhead } from '@trading/strategies';
import { CliError } from '../cli-error';
import { printJson, printText } from '../output';
import { wholeNumberFlag } from '../whole-number-flag';
import { parseParams, parseStrategy } from '../strategy-flags';
import { loadFeeds } from './backtest.command';

export interface CheckBiasFlags {
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

export async function checkBiasCommand(flags: CheckBiasFlags): Promise<void> {
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
}
