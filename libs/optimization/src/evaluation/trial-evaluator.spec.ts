import { runBacktest } from '@trading/backtest';
import { FixedSizePolicy } from '@trading/risk-engine';
import { Money } from '@trading/domain';
import { intradayStrategy, resolveParameters, smaCrossoverStrategy } from '@trading/strategies';
import { DEFAULT_SETTINGS, eurusdH1 } from '../testing/fixtures';
import { firstIndexAtOrAfter, sliceBars } from './bar-window';
import { evaluateTrial, runWindow } from './trial-evaluator';
import { warmupBars } from './warmup';

const bars = eurusdH1();
const window = { from: Date.UTC(2020, 10, 1), tradeFrom: Date.UTC(2021, 0, 1), to: Date.UTC(2022, 0, 1) };
const defaults = resolveParameters('intraday', intradayStrategy.parameters, {});

describe('a trial window backtest', () => {
  const run = runWindow({ strategy: intradayStrategy, parameters: defaults, feeds: [bars], window, settings: DEFAULT_SETTINGS });

  it('trades only inside the window: warm-up bars fill the indicators but open nothing', () => {
    expect(run.trades.length).toBe(run.metrics.trades);
    expect(run.trades).toHaveLength(93);
    expect(Math.min(...run.trades.map((trade) => trade.entryTime))).toBeGreaterThanOrEqual(window.tradeFrom);
    expect(Math.max(...run.trades.map((trade) => trade.exitTime))).toBeLessThan(window.to);
  });

  it('has one return per trading day of the window, compounding exactly to the booked final equity', () => {
    const days = new Set<number>();
    const first = firstIndexAtOrAfter(bars, window.tradeFrom);
    const last = firstIndexAtOrAfter(bars, window.to);
    for (let i = first; i < last; i++) days.add(Math.floor(bars.time[i] / 86_400_000));
    expect(run.returns.length).toBe(days.size);
    expect(run.periodEnds[0]).toBe(Date.UTC(2021, 0, 4));
    let equity = 10_000;
    for (const r of run.returns) equity *= 1 + r;
    expect(Math.abs(equity - run.finalEquity.toNumber())).toBeLessThan(1e-6);
    expect(run.metrics.totalReturn).toBeCloseTo(run.finalEquity.toNumber() / 10_000 - 1, 12);
  });

  it('trades as the kernel does on the same bars when there is no warm-up to skip', () => {
    const plain = { from: window.tradeFrom, tradeFrom: window.tradeFrom, to: window.to };
    const ours = runWindow({ strategy: smaCrossoverStrategy, parameters: { fastPeriod: 20, slowPeriod: 50 }, feeds: [bars], window: plain, settings: DEFAULT_SETTINGS });
    const kernel = runBacktest({
      feeds: [sliceBars(bars, firstIndexAtOrAfter(bars, plain.from), firstIndexAtOrAfter(bars, plain.to))],
      strategy: smaCrossoverStrategy,
      parameters: { fastPeriod: 20, slowPeriod: 50 },
      sizing: new FixedSizePolicy('0.1'),
      initialCash: Money.of(10_000, 'USD'),
      seed: 1,
    });
    expect(ours.trades.length).toBe(kernel.trades.length);
    expect(ours.finalEquity.toString()).toBe(kernel.finalEquity.toString());
  });

  it('reports parameters the strategy refuses as an invalid trial with its reason', () => {
    const outcome = evaluateTrial({ strategy: smaCrossoverStrategy, parameters: { fastPeriod: 80, slowPeriod: 40 }, feeds: [bars], window, settings: DEFAULT_SETTINGS });
    expect(outcome).toEqual({ status: 'invalid', reason: 'sma-crossover: parameter "fastPeriod" (80) must be below "slowPeriod" (40)' });
  });

  it('gives the same outcome twice, to the bit', () => {
    const again = runWindow({ strategy: intradayStrategy, parameters: defaults, feeds: [bars], window, settings: DEFAULT_SETTINGS });
    expect(Array.from(again.returns)).toEqual(Array.from(run.returns));
    expect(again.metrics).toEqual(run.metrics);
  });
});

describe('the warm-up lead', () => {
  it('is the largest warm-up any declared parameter set can need', () => {
    // sma-crossover: slowPeriod up to 500 -> 501 bars; intraday: slow EMA up to 300 -> lookback 299 + 2.
    expect(warmupBars(smaCrossoverStrategy, bars)).toBe(501);
    expect(warmupBars(intradayStrategy, bars)).toBe(301);
  });
});
