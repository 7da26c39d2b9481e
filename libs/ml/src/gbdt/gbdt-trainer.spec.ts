import { knownSignalDataset } from '../datasets/known-signal.dataset';
import { trainingSetOf } from '../datasets/labelled-table';
import { classificationMetrics } from '../metrics/classification-metrics';
import { gbdtParams } from './gbdt-params';
import { predictProbabilities } from './gbdt-model';
import { trainGbdt } from './gbdt-trainer';
import { leafCount, treeDepth } from './regression-tree';
import type { TrainingSet } from './training-set';

const data = knownSignalDataset(8000, 3);
const rows = (from: number, to: number): Int32Array => Int32Array.from({ length: to - from }, (_, i) => from + i);
const train = trainingSetOf(data.table, rows(0, 6000));
const validation = trainingSetOf(data.table, rows(6000, 8000));
const truth = data.trueProbabilities.slice(6000 * 3);

describe('gradient-boosted trees', () => {
  it('learns the known signal: validation log-loss far below the class prior and near that of the true probabilities', () => {
    const result = trainGbdt(train, { rounds: 100, maxDepth: 4, eta: 0.1 }, { validation });
    const ours = classificationMetrics(predictProbabilities(result.model, validation.x, validation.rows), validation.labels, 3);
    const best = classificationMetrics(truth, validation.labels, 3);
    expect(ours.logloss).toBeLessThan(0.8 * ours.priorLogloss);
    expect(ours.logloss).toBeLessThan(best.logloss * 1.06);
    expect(result.model.trees).toHaveLength(300);
    expect(result.history.train).toHaveLength(100);
    expect(result.history.train[99]).toBeLessThan(result.history.train[0]);
  });

  it('ranks the features that carry the signal above pure noise', () => {
    const result = trainGbdt(train, { rounds: 40, maxDepth: 4 });
    const share = (name: string): number => result.importance[data.table.names.indexOf(name)].gainShare;
    expect(share('trend')).toBeGreaterThan(0.3);
    for (const noise of ['noise_1', 'noise_2', 'noise_3']) expect(share(noise)).toBeLessThan(share('level'));
    expect(result.importance.reduce((sum, e) => sum + e.gainShare, 0)).toBeCloseTo(1, 12);
  });

  it('is deterministic for a seed, with row and column sampling', () => {
    const params = { rounds: 15, subsample: 0.7, colsampleByTree: 0.6, seed: 11 };
    const a = trainGbdt(train, params);
    const b = trainGbdt(train, params);
    const c = trainGbdt(train, { ...params, seed: 12 });
    expect(b.model.trees).toEqual(a.model.trees);
    expect(b.history).toEqual(a.history);
    expect(c.model.trees).not.toEqual(a.model.trees);
  });

  it('stops early and keeps the trees up to the best validation round', () => {
    const result = trainGbdt(train, { rounds: 400, eta: 0.3, maxDepth: 6, earlyStoppingRounds: 10 }, { validation });
    const losses = result.history.validation;
    const best = losses.indexOf(Math.min(...losses));
    expect(losses.length).toBe(best + 11);
    expect(losses.length).toBeLessThan(400);
    expect(result.roundsKept).toBe(best + 1);
    expect(result.model.trees).toHaveLength(3 * (best + 1));
  });

  it('respects the depth and leaf limits and the minimum child weight', () => {
    const depthwise = trainGbdt(train, { rounds: 5, maxDepth: 3, minChildWeight: 20 });
    for (const tree of depthwise.model.trees) {
      expect(treeDepth(tree)).toBeLessThanOrEqual(3);
      for (let n = 0; n < tree.left.length; n++) if (tree.left[n] < 0 && n > 0) expect(tree.cover[n]).toBeGreaterThanOrEqual(20);
    }
    const lossguide = trainGbdt(train, { rounds: 5, maxDepth: 0, growPolicy: 'lossguide', maxLeaves: 7 });
    for (const tree of lossguide.model.trees) expect(leafCount(tree)).toBeLessThanOrEqual(7);
    expect(Math.max(...lossguide.model.trees.map(leafCount))).toBe(7);
  });

  it('learns from missingness itself, sending missing values down the branch that fits them (binary logistic)', () => {
    const n = 2000;
    const x = new Float32Array(n * 2);
    const labels = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const missing = r % 3 === 0;
      x[2 * r] = missing ? Number.NaN : (r % 17) / 17;
      x[2 * r + 1] = (r * 7919) % 101;
      labels[r] = missing ? 1 : 0;
    }
    const set: TrainingSet = { rows: n, features: 2, x, labels };
    const result = trainGbdt(set, { objective: 'binary:logistic', numClasses: 2, rounds: 30, eta: 0.3 });
    const p = predictProbabilities(result.model, x, n);
    for (let r = 0; r < 6; r++) {
      expect(p[2 * r] + p[2 * r + 1]).toBeCloseTo(1, 6);
      if (r % 3 === 0) expect(p[2 * r + 1]).toBeGreaterThan(0.95);
      else expect(p[2 * r + 1]).toBeLessThan(0.05);
    }
  });

  it('refuses bad parameters and bad rows, naming each problem', () => {
    expect(() => gbdtParams({ eta: 0, subsample: 1.5, maxBins: 300 })).toThrow('gbdt: eta must be in (0, 1], got 0; subsample must be in (0, 1], got 1.5; maxBins must be a whole number in 2..256, got 300');
    expect(() => trainGbdt({ ...train, labels: Int32Array.from(train.labels, (y, i) => (i === 5 ? 3 : y)) })).toThrow('training set: row 5 has class 3, expected 0..2');
    const infinite = Float32Array.from(train.x);
    infinite[12] = Infinity;
    expect(() => trainGbdt({ ...train, x: infinite })).toThrow('training set: row 1 feature 2 is infinite (use NaN for a missing value)');
  });
});
