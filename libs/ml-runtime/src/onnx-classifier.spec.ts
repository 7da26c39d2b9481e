import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GbdtModel, chronologicalSplit, exportOnnx, labelBars, predictProbabilities, trainGbdt, trainingSetOf } from '@trading/ml';
import { readSharedBars, sharedData } from '@trading/test-support';
import { onnxPredictInChild } from './testing/onnx-in-child';

// The default model of `trading ml train` (200 rounds, depth 6) on the H1 file's training rows,
// run on every bar's features, warm-up rows with missing values included.
const bars = readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1');
const { table } = labelBars(bars);
const split = chronologicalSplit(table);
const train = trainingSetOf(table, split.train);
const everyBar = Float32Array.from(table.values);
const multi = trainGbdt(train, { rounds: 200 }).model;
const binary = trainGbdt({ ...train, labels: train.labels.map((y) => (y === 2 ? 1 : 0)) }, { objective: 'binary:logistic', numClasses: 2, rounds: 100 }).model;

function largestDifference(model: GbdtModel, labels: number[]): { difference: number; rows: number; classes: number; features: number } {
  const onnx = onnxPredictInChild(exportOnnx(model, { classLabels: labels, graphName: 'test', producerVersion: 'test' }), everyBar, table.rows);
  const ours = predictProbabilities(model, everyBar, table.rows);
  let difference = 0;
  for (let i = 0; i < ours.length; i++) difference = Math.max(difference, Math.abs(ours[i] - onnx.probabilities[i]));
  return { difference, rows: onnx.probabilities.length / onnx.classes, classes: onnx.classes, features: onnx.features };
}

describe('the ONNX model in onnxruntime (OnnxClassifier, run in a child process)', () => {
  it('gives the TypeScript model’s probabilities to 1e-6 on every H1 row (600 trees, softmax)', () => {
    const result = largestDifference(multi, [-1, 0, 1]);
    expect(result.rows).toBe(45_779);
    expect(result.classes).toBe(3);
    expect(result.features).toBe(56);
    expect(result.difference).toBeLessThan(1e-6);
  });

  it('does the same for a binary logistic model', () => {
    const result = largestDifference(binary, [0, 1]);
    expect(result.classes).toBe(2);
    expect(result.difference).toBeLessThan(1e-6);
  });

  it('is accepted by check_model of python3-onnx (full check, with shape inference)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trading-onnx-'));
    try {
      const file = join(dir, 'model.onnx');
      writeFileSync(file, exportOnnx(multi, { classLabels: [-1, 0, 1], graphName: 'test', producerVersion: 'test', metadata: { 'trading.features': '[]' } }));
      const check = spawnSync('/usr/bin/python3', ['-c', 'import onnx, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print(onnx.__version__, m.graph.node[0].op_type)', file], { encoding: 'utf8' });
      expect(check.stderr).toBe('');
      expect(check.stdout.trim()).toMatch(/^1\.\d+\.\d+ TreeEnsembleClassifier$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses bytes that are not a model, and rows of the wrong width', () => {
    expect(() => onnxPredictInChild(new TextEncoder().encode('not a model'), new Float32Array(56), 1)).toThrow(/^onnxruntime cannot load the model: /);
    const model = exportOnnx(binary, { classLabels: [0, 1], graphName: 'test', producerVersion: 'test' });
    expect(() => onnxPredictInChild(model, new Float32Array(55), 1)).toThrow('expected 1 rows × 56 features = 56 values, got 55');
  });
});
