// `trading bench backtest`: the scalping strategy through the whole kernel
// (indicators, signals, sizing, paper broker fills, exact accounting, metrics)
// over the real EURUSD M5 bars repeated with shifted times until --bars, on
// one thread. Reports bars per second of the backtest loop and peak RSS.
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { runBacktest } from '@trading/backtest';
import { FixedSizePolicy } from '@trading/risk-engine';
import { importBarFileSync } from '@trading/data-sources';
import { type BarColumns, Money, emptyBarColumns, timeframeMs } from '@trading/domain';
import { resolveParameters, scalpingStrategy } from '@trading/strategies';
import { CliError } from '../../cli-error';
import { logLine, printJson, printText } from '../../output';
import { wholeNumberFlag } from '../../whole-number-flag';
import { vendoredData } from '../../vendored-data';

interface BacktestBenchFlags {
  readonly data: string;
  readonly bars: string;
  readonly json?: boolean;
}

/** `source` repeated until `count` bars, each copy shifted to start one bar after the previous one ends. */
export function repeatBars(source: BarColumns, count: number): BarColumns {
  const out = emptyBarColumns(source.symbol, source.timeframe, count);
  const n = source.length;
  const span = source.time[n - 1] - source.time[0] + timeframeMs(source.timeframe);
  // Shift by whole weeks so session hours and weekends keep their place.
  const week = 7 * 86_400_000;
  const shift = Math.ceil(span / week) * week;
  for (let i = 0; i < count; i++) {
    const copy = Math.floor(i / n);
    const k = i - copy * n;
    out.time[i] = source.time[k] + copy * shift;
    out.open[i] = source.open[k];
    out.high[i] = source.high[k];
    out.low[i] = source.low[k];
    out.close[i] = source.close[k];
    out.volume[i] = source.volume[k];
    out.spread[i] = source.spread[k];
  }
  return out;
}

export function registerBacktestBench(bench: Command): void {
  bench
    .command('backtest')
    .option('--data <file>', 'bar file to repeat', vendoredData.eurusdM5)
    .option('--bars <count>', 'bars to run', '1000000')
    .option('--json', 'print the result as JSON on stdout')
    .action((flags: BacktestBenchFlags) => {
      const count = wholeNumberFlag(flags.bars, '--bars', 1);
      let source: BarColumns;
      try {
        source = importBarFileSync(flags.data).columns;
      } catch (error) {
        throw new CliError(`--data: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (source.length === 0) throw new CliError(`--data: ${flags.data} holds no bars`);
      const bars = repeatBars(source, count);
      const config = {
        feeds: [bars],
        strategy: scalpingStrategy,
        parameters: resolveParameters('scalping', scalpingStrategy.parameters, {}),
        sizing: new FixedSizePolicy('0.1'),
        initialCash: Money.of(100_000, 'USD'),
        fill: { timing: 'next-open', spread: { source: 'fixed', pips: 0.8 }, slippage: { kind: 'none' }, commission: { kind: 'per-lot', amount: 3 } },
        seed: 1,
      } as const;
      logLine(`bench backtest: ${count} bars built from ${source.length} bars of ${flags.data}`);
      // A short warm-up run so the timed run measures compiled code, as a long backtest runs.
      runBacktest({ ...config, feeds: [repeatBars(source, Math.min(count, 100_000))] });
      const start = performance.now();
      const result = runBacktest(config);
      const seconds = (performance.now() - start) / 1000;
      const summary = {
        bars: count,
        barsPerSecond: Math.round(count / seconds),
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        trades: result.trades.length,
        finalEquity: result.finalEquity.rounded(2).toNumber(),
      };
      if (flags.json) printJson(summary);
      else printText(`${count} bars in ${seconds.toFixed(2)} s: ${(summary.barsPerSecond / 1e6).toFixed(2)} M bars/s, ${summary.trades} trades, peak RSS ${summary.peakRssMb} MB`);
    });
}
