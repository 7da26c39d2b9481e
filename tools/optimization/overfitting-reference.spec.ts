// The Deflated Sharpe Ratio and PBO of libs/optimization against
// overfitting_reference.py, written independently from the papers' formulas
// (numpy, scipy, brute-force CSCV). The matrices are a real study's: the
// trials of one walk-forward fold of sma-crossover on EURUSD H1, their daily
// returns over the fold's 12-month train window; plus a synthetic edge case.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SeededRandom } from '@trading/domain';
import {
  LocalTrialEvaluator,
  bestTrial,
  deflatedSharpeRatio,
  probabilityOfBacktestOverfitting,
  runFoldStudy,
  sharpeRatio,
  type TrialRecord,
} from '@trading/optimization';
import { fillStandardNormal } from '@trading/risk-engine';
import { smaCrossoverStrategy } from '@trading/strategies';
import { readSharedBars, sharedData } from '@trading/test-support';

const PYTHON = '/usr/bin/python3';

interface Reference {
  dsr: number | null;
  sr0: number;
  sharpe: number;
  skewness: number;
  kurtosis: number;
  length: number;
  pbo: number;
  combinations: number;
  logits: number[];
}

function reference(cases: { returns: number[][]; selected: number; partitions: number }[]): Reference[] {
  const python = spawnSync(PYTHON, [join(__dirname, 'overfitting_reference.py')], { input: JSON.stringify({ cases }), encoding: 'utf8', maxBuffer: 1 << 26 });
  expect(python.stderr).toBe('');
  return (JSON.parse(python.stdout) as { results: Reference[] }).results;
}

async function realStudy(): Promise<{ columns: Float64Array[]; selected: number }> {
  const bars = readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1');
  const settings = {
    fill: { timing: 'next-open', spread: { source: 'bar' }, slippage: { kind: 'none' }, commission: { kind: 'none' } },
    sizing: { kind: 'fixed-lots', lots: '0.1' },
    initialCash: '10000',
    currency: 'USD',
    seed: 3,
  } as const;
  const evaluator = new LocalTrialEvaluator({ strategy: smaCrossoverStrategy, feeds: [bars], settings });
  const window = { from: Date.UTC(2020, 3, 1), tradeFrom: Date.UTC(2020, 6, 20), to: Date.UTC(2021, 6, 20) };
  const records = await runFoldStudy({ fold: 0, window, plan: { trials: 24, batch: 8, objective: 'sharpe', minTrades: 20, seed: 3 } }, smaCrossoverStrategy.parameters, evaluator);
  const backtested = records.filter((record) => record.outcome.status === 'ok');
  const best = bestTrial(records) as TrialRecord;
  return { columns: backtested.map((record) => (record.outcome.status === 'ok' ? record.outcome.returns : new Float64Array(0))), selected: backtested.indexOf(best) };
}

function edgeAmongNoise(): { columns: Float64Array[]; selected: number } {
  const random = new SeededRandom(11);
  const columns = Array.from({ length: 12 }, (_, k) => {
    const column = new Float64Array(333);
    fillStandardNormal(random, column);
    return column.map((z) => 0.01 * z + (k === 4 ? 0.002 : 0));
  });
  let selected = 0;
  columns.forEach((column, k) => {
    if (sharpeRatio(column) > sharpeRatio(columns[selected])) selected = k;
  });
  return { columns, selected };
}

describe('DSR and PBO against the independent Python reference', () => {
  it('agree on a real fold study (24 trials, 16 partitions) and on an edge among noise (8 partitions, rows dropped)', async () => {
    const study = await realStudy();
    expect(study.columns).toHaveLength(19);
    expect(study.columns[0]).toHaveLength(259);
    const synthetic = edgeAmongNoise();
    const cases = [
      { ...study, partitions: 16 },
      { ...synthetic, partitions: 8 },
    ];
    const expected = reference(cases.map((c) => ({ returns: c.columns.map((column) => Array.from(column)), selected: c.selected, partitions: c.partitions })));
    cases.forEach((c, k) => {
      const dsr = deflatedSharpeRatio(Float64Array.from(c.columns, sharpeRatio), c.columns[c.selected]);
      const pbo = probabilityOfBacktestOverfitting(c.columns, c.partitions);
      const want = expected[k];
      const near = (actual: number | null, target: number | null, tolerance = 1e-10): boolean => actual !== null && target !== null && Math.abs(actual - target) <= tolerance;
      expect({ k, dsr: near(dsr.value, want.dsr), sr0: near(dsr.benchmarkSharpe, want.sr0), sharpe: near(dsr.sharpe, want.sharpe), skew: near(dsr.skewness, want.skewness, 1e-9), kurt: near(dsr.kurtosis, want.kurtosis, 1e-9) }).toEqual({
        k,
        dsr: true,
        sr0: true,
        sharpe: true,
        skew: true,
        kurt: true,
      });
      expect(dsr.length).toBe(want.length);
      expect(pbo.combinations).toBe(want.combinations);
      expect(pbo.value).toBe(want.pbo);
      // The splits are enumerated in a different order; their logits are the same set.
      const ours = Array.from(pbo.logits).sort((a, b) => a - b);
      const theirs = [...want.logits].sort((a, b) => a - b);
      expect(Math.max(...ours.map((logit, i) => Math.abs(logit - theirs[i])))).toBeLessThan(1e-12);
    });
    // The figures themselves, so a change in either implementation shows.
    expect(expected[1].combinations).toBe(70);
    expect(expected[1].pbo).toBe(1 / 70);
  });
});
