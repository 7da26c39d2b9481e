// A fold's study on the real EURUSD H1 bars: batches, trial order, the
// minimum-trades constraint, refused parameters, and reproducibility.
import { smaCrossoverStrategy } from '@trading/strategies';
import { LocalTrialEvaluator } from '../evaluation/evaluator.port';
import { DEFAULT_SETTINGS, eurusdH1 } from '../testing/fixtures';
import { runFoldStudy } from '../walk-forward/walk-forward';
import { FoldStudy, bestTrial } from './fold-study';

const evaluator = new LocalTrialEvaluator({ strategy: smaCrossoverStrategy, feeds: [eurusdH1()], settings: DEFAULT_SETTINGS });
const window = { from: Date.UTC(2021, 0, 1), tradeFrom: Date.UTC(2021, 2, 1), to: Date.UTC(2021, 8, 1) };
const plan = { trials: 20, batch: 8, objective: 'sharpe' as const, minTrades: 20, seed: 5 };
const run = (overrides: Partial<typeof plan> = {}) => runFoldStudy({ fold: 0, window, plan: { ...plan, ...overrides } }, smaCrossoverStrategy.parameters, evaluator);

describe('a fold study', () => {
  it('asks batches of the given size (the last one smaller) and records trials in trial order', () => {
    const study = new FoldStudy(0, window, smaCrossoverStrategy.parameters, plan);
    expect(study.nextBatch().map((pending) => pending.trial.number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const sizes: number[] = [8];
    while (!study.done) sizes.push(study.nextBatch().length);
    expect(sizes).toEqual([8, 8, 4]);
  });

  it('counts a trial only when it trades the minimum, and keeps refused parameters with their reason', async () => {
    const records = await run();
    expect(records.map((record) => record.number)).toEqual(Array.from({ length: 20 }, (_, k) => k));
    for (const record of records) {
      if (record.outcome.status === 'invalid') {
        expect(record.outcome.reason).toMatch(/^sma-crossover: parameter "fastPeriod" \(\d+\) must be below "slowPeriod" \(\d+\)$/);
        expect({ objective: record.objective, feasible: record.feasible }).toEqual({ objective: null, feasible: false });
      } else expect(record.feasible).toBe(record.outcome.metrics.trades >= 20);
    }
    const best = bestTrial(records);
    expect(best?.feasible).toBe(true);
    for (const record of records) if (record.feasible) expect(record.objective as number).toBeLessThanOrEqual(best?.objective as number);
  });

  it('suggests the same parameters for the same seed and batch, other ones for another seed', async () => {
    const first = (await run()).map((record) => record.parameters);
    expect((await run()).map((record) => record.parameters)).toEqual(first);
    expect((await run({ seed: 6 })).map((record) => record.parameters)).not.toEqual(first);
  });

  it('has no best trial when none trades the minimum', async () => {
    expect(bestTrial(await run({ trials: 4, minTrades: 10_000 }))).toBeNull();
  });
});
