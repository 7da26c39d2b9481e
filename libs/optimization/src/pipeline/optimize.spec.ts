// The whole pipeline on the real EURUSD H1 bars, small enough for CI:
// sma-crossover, 3 folds of 6 months train / 2 months test, 16 trials each.
import { smaCrossoverStrategy } from '@trading/strategies';
import { LocalTrialEvaluator } from '../evaluation/evaluator.port';
import { DEFAULT_SETTINGS, eurusdH1 } from '../testing/fixtures';
import { parseDuration } from '../windows/duration';
import { type OptimizationRequest, optimize } from './optimize';
import { optimizationSummary, trialLines } from './optimization-summary';

const feeds = [eurusdH1()];
const request: OptimizationRequest = {
  strategy: smaCrossoverStrategy,
  feeds,
  settings: DEFAULT_SETTINGS,
  windows: { mode: 'rolling', train: parseDuration('6mo'), test: parseDuration('2mo'), step: parseDuration('2mo'), purge: parseDuration('0'), folds: 3 },
  trials: 16,
  batch: 8,
  objective: 'sharpe',
  minTrades: 10,
  monteCarlo: { runs: 300, ruinLoss: 0.5 },
};
const evaluator = new LocalTrialEvaluator({ strategy: smaCrossoverStrategy, feeds, settings: DEFAULT_SETTINGS });

describe('the optimisation pipeline', () => {
  let result: Awaited<ReturnType<typeof optimize>>;
  beforeAll(async () => {
    result = await optimize(request, evaluator);
  });

  it('stitches the test windows into one record that carries the cash from window to window', () => {
    const { outOfSample } = result;
    expect(result.folds.map((fold) => [fold.window.testFrom, fold.window.testTo].map((t) => new Date(t).toISOString().slice(0, 10)).join('..'))).toEqual([
      '2022-01-20..2022-03-20',
      '2022-03-20..2022-05-20',
      '2022-05-20..2022-07-20',
    ]);
    const runs = outOfSample.windows.map((window) => window.run);
    expect(runs.every((run) => run !== null)).toBe(true);
    expect(runs[1]?.initialCash.toString()).toBe(runs[0]?.finalEquity.toString());
    expect(runs[2]?.initialCash.toString()).toBe(runs[1]?.finalEquity.toString());
    expect(outOfSample.finalEquity.toString()).toBe(runs[2]?.finalEquity.toString());
    expect(outOfSample.trades.length).toBe(result.folds.reduce((sum, fold) => sum + (fold.outOfSample?.trades ?? 0), 0));
    let equity = 10_000;
    for (const r of outOfSample.returns) equity *= 1 + r;
    expect(Math.abs(equity - outOfSample.finalEquity.toNumber())).toBeLessThan(1e-6);
    // Only test-window trades: none starts before the first test window.
    expect(Math.min(...outOfSample.trades.map((trade) => trade.entryTime))).toBeGreaterThanOrEqual(result.folds[0].window.testFrom);
  });

  it('reports the means over folds of DSR and PBO, each computed over its own fold\'s trials', () => {
    const dsr = result.folds.map((fold) => fold.deflatedSharpe?.value as number);
    const pbo = result.folds.map((fold) => fold.pbo.value as number);
    expect(result.deflatedSharpe).toBeCloseTo(dsr.reduce((a, b) => a + b) / 3, 12);
    expect(result.pbo).toBeCloseTo(pbo.reduce((a, b) => a + b) / 3, 12);
    for (const fold of result.folds) {
      const backtested = fold.trials.filter((trial) => trial.outcome.status === 'ok').length;
      expect(fold.deflatedSharpe?.trials).toBe(backtested);
      expect(fold.pbo.combinations).toBe(12_870);
    }
  });

  it('prints the stable keys, and one trial line per trial with its returns', () => {
    const summary = optimizationSummary(result);
    expect(Object.keys(summary)).toEqual(expect.arrayContaining(['strategy', 'trials', 'folds', 'outOfSample', 'monteCarlo', 'deflatedSharpe', 'pbo', 'recommended', 'why']));
    expect(Object.keys(summary.folds[0])).toEqual(expect.arrayContaining(['trainFrom', 'trainTo', 'testFrom', 'testTo', 'bestParams', 'inSample', 'outOfSample', 'deflatedSharpe', 'pbo']));
    expect(Object.keys(summary.outOfSample)).toEqual(expect.arrayContaining(['trades', 'sharpe', 'maxDrawdown', 'finalEquity']));
    expect(Object.keys(summary.monteCarlo)).toEqual(expect.arrayContaining(['finalEquity', 'maxDrawdown', 'ruinProbability']));
    expect(Object.keys(summary.monteCarlo.finalEquity)).toEqual(['p5', 'p50', 'p95']);
    const lines = trialLines(result).map((line) => JSON.parse(line) as { fold: number; params: object; objective: number | null; returns: number[] | null });
    expect(lines.length).toBe(48);
    const selected = lines.find((line) => line.fold === 0 && JSON.stringify(line.params) === JSON.stringify(summary.folds[0].bestParams));
    expect(selected?.returns?.length).toBe(result.folds[0].best?.outcome.status === 'ok' ? result.folds[0].best.outcome.returns.length : -1);
  });

  it('gives the same result twice', async () => {
    const again = await optimize(request, evaluator);
    expect(JSON.stringify(optimizationSummary(again))).toBe(JSON.stringify(optimizationSummary(result)));
  });

  it('leaves a fold without a candidate out of the market and says so', async () => {
    const none = await optimize({ ...request, trials: 3, minTrades: 100_000, windows: { ...request.windows, folds: 1 } }, evaluator);
    expect(none.folds[0].best).toBeNull();
    expect(none.outOfSample.trades.length).toBe(0);
    expect(none.outOfSample.finalEquity.toString()).toBe('10000');
    expect(Array.from(none.outOfSample.returns).every((r) => r === 0)).toBe(true);
    expect(none.verdict.recommended).toBeNull();
    expect(none.verdict.why).toContain('no trial reached 100000 trades in the train window of fold 1');
  });
});
