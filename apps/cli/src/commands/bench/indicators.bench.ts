// `trading bench indicators`: streaming updates per second of each indicator
// over the real EURUSD H1 bars (fed repeatedly until the requested number of
// updates), and the garbage collections seen while timing: an update path that
// allocates shows up as minor GCs, one that does not shows none.
import { type PerformanceEntry, PerformanceObserver, performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { importBarFileSync } from '@trading/data-sources';
import type { BarColumns } from '@trading/domain';
import {
  Adx,
  Atr,
  BollingerBands,
  Cci,
  Dema,
  DonchianChannel,
  Ema,
  KeltnerChannel,
  Macd,
  Mfi,
  Momentum,
  Obv,
  ParabolicSar,
  RateOfChange,
  RollingMax,
  RollingMin,
  Rsi,
  SessionVwap,
  Sma,
  StdDev,
  Stochastic,
  StochasticRsi,
  Tema,
  WilliamsR,
  Wma,
  ZScore,
} from '@trading/indicators';
import { CliError } from '../../cli-error';
import { logLine, printJson, printText } from '../../output';
import { wholeNumberFlag } from '../../whole-number-flag';
import { vendoredData } from '../../vendored-data';


interface IndicatorsBenchFlags {
  readonly data: string;
  readonly updates: string;
  readonly json?: boolean;
}

/** The arguments `update` takes, written over the columns t, h, l, c, v at bar i. */
const CLOSE = 'c[i]';
const HLC = 'h[i], l[i], c[i]';

interface Updatable {
  update(...inputs: number[]): number;
}

type Case = readonly [name: string, make: () => Updatable, inputs: string];

const CASES: readonly Case[] = [
  ['sma_20', () => new Sma(20), CLOSE],
  ['ema_20', () => new Ema(20), CLOSE],
  ['wma_20', () => new Wma(20), CLOSE],
  ['dema_20', () => new Dema(20), CLOSE],
  ['tema_20', () => new Tema(20), CLOSE],
  ['rsi_14', () => new Rsi(14), CLOSE],
  ['macd_12_26_9', () => new Macd(12, 26, 9), CLOSE],
  ['bbands_20_2', () => new BollingerBands(20, 2), CLOSE],
  ['stddev_20', () => new StdDev(20), CLOSE],
  ['zscore_20', () => new ZScore(20), CLOSE],
  ['max_20', () => new RollingMax(20), CLOSE],
  ['min_20', () => new RollingMin(20), CLOSE],
  ['roc_10', () => new RateOfChange(10), CLOSE],
  ['mom_10', () => new Momentum(10), CLOSE],
  ['stochrsi_14_14_3', () => new StochasticRsi(14, 14, 3), CLOSE],
  ['atr_14', () => new Atr(14), HLC],
  ['adx_14', () => new Adx(14), HLC],
  ['stoch_14_3_3', () => new Stochastic(14, 3, 3), HLC],
  ['cci_14', () => new Cci(14), HLC],
  ['willr_14', () => new WilliamsR(14), HLC],
  ['keltner_20_2', () => new KeltnerChannel(20, 2), HLC],
  ['donchian_20', () => new DonchianChannel(20), 'h[i], l[i]'],
  ['sar_0.02_0.2', () => new ParabolicSar(0.02, 0.2), 'h[i], l[i]'],
  ['obv', () => new Obv(), 'c[i], v[i]'],
  ['mfi_14', () => new Mfi(14), 'h[i], l[i], c[i], v[i]'],
  ['vwap_0', () => new SessionVwap(0), 't[i], h[i], l[i], c[i], v[i]'],
];

type Loop = (make: () => Updatable, bars: BarColumns, updates: number, clock: typeof performance) => { start: number; end: number; checksum: number };

/**
 * One freshly compiled loop per indicator. A single shared loop would see every
 * indicator class at its `update` call, go megamorphic, stop inlining and box
 * each returned double, measuring the harness instead of the indicator; a
 * strategy calls its indicators from monomorphic sites, as these loops do.
 */
function compileLoop(inputs: string): Loop {
  const source = `
    const indicator = make();
    const t = bars.time, h = bars.high, l = bars.low, c = bars.close, v = bars.volume, n = bars.length;
    let checksum = 0;
    let i = 0;
    const start = clock.now();
    for (let k = 0; k < updates; k++) {
      const value = indicator.update(${inputs});
      if (value === value) checksum += value;
      if (++i === n) i = 0;
    }
    const end = clock.now();
    return { start, end, checksum };`;
  return new Function('make', 'bars', 'updates', 'clock', source) as Loop;
}

interface Timing {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly updates: number;
  readonly checksum: number;
}

export function registerIndicatorsBench(bench: Command): void {
  bench
    .command('indicators')
    .option('--data <file>', 'bar file to feed (repeated until --updates)', vendoredData.eurusdH1)
    .option('--updates <count>', 'updates timed per indicator', '2000000')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (flags: IndicatorsBenchFlags) => {
      const updates = wholeNumberFlag(flags.updates, '--updates', 1);
      let bars: BarColumns;
      try {
        bars = importBarFileSync(flags.data).columns;
      } catch (error) {
        throw new CliError(`--data: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (bars.length === 0) throw new CliError(`--data: ${flags.data} holds no bars`);
      logLine(`bench indicators: ${bars.length} bars from ${flags.data}, ${updates} updates per indicator`);

      const gcs: PerformanceEntry[] = [];
      const observer = new PerformanceObserver((list) => gcs.push(...list.getEntries()));
      observer.observe({ entryTypes: ['gc'] });
      const timings = CASES.map(([name, make, inputs]): Timing => {
        const loop = compileLoop(inputs);
        loop(make, bars, Math.min(updates, 200_000), performance); // warm the JIT
        const { start, end, checksum } = loop(make, bars, updates, performance);
        return { name, start, end, updates, checksum };
      });
      // GC entries arrive asynchronously; let them land before attributing them.
      await new Promise((done) => setTimeout(done, 50));
      observer.disconnect();

      const result = {
        data: flags.data,
        bars: bars.length,
        updatesPerIndicator: updates,
        indicators: Object.fromEntries(
          timings.map((t) => [
            t.name,
            {
              updatesPerSecond: Math.round(t.updates / ((t.end - t.start) / 1000)),
              gcDuringRun: gcs.filter((gc) => gc.startTime >= t.start && gc.startTime <= t.end).length,
            },
          ]),
        ),
      };
      if (flags.json) {
        printJson(result);
        return;
      }
      for (const [name, figures] of Object.entries(result.indicators)) {
        printText(`${name.padEnd(18)} ${(figures.updatesPerSecond / 1e6).toFixed(1).padStart(7)} M updates/s  ${figures.gcDuringRun} GC`);
      }
    });
}
