// The side-by-side run behind `trading bench ml-xgboost`: the same features
// file, split and parameters through this project's trainer and through
// XGBoost 1.7 (tools/ml/xgboost_reference.py, `hist`, one thread), and the
// issue's criteria measured on the result: validation log-loss within 2% of
// XGBoost's, per-class correlation of the validation probabilities >= 0.95,
// the training-loss curve within 2% at every tenth round, and (timed) the
// training within 2x XGBoost's single-thread time.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type GbdtParams, type LabelledTable, classificationMetrics, labelledRows, pearson, predictProbabilities, splitAtTime, trainGbdt, trainingSetOf } from '@trading/ml';
import { readFeaturesCsv, writeFeaturesCsv } from '@trading/ml-runtime';

export const PYTHON = '/usr/bin/python3';
const SCRIPT = resolve(__dirname, '..', '..', '..', '..', '..', 'tools', 'ml', 'xgboost_reference.py');

export interface ComparisonCase {
  readonly name: string;
  readonly table: LabelledTable;
  /** ISO UTC time the validation rows start at. */
  readonly validationFrom: string;
  /** Log-loss of the true probabilities on the validation rows, when known (synthetic data). */
  readonly bestPossibleLogloss?: (validationRows: Int32Array) => number;
}

export type ComparedParams = Pick<GbdtParams, 'maxDepth' | 'rounds' | 'eta' | 'subsample' | 'colsampleByTree' | 'lambda' | 'minChildWeight' | 'maxBins' | 'seed'>;

interface XgboostRun {
  readonly xgboost: string;
  readonly trainRows: number;
  readonly validationRows: number;
  readonly trainSeconds: number;
  readonly history: { readonly train: number[]; readonly validation: number[] };
  readonly validation: { readonly logloss: number; readonly accuracy: number; readonly brier: number };
}

export interface ComparisonResult {
  readonly case: string;
  readonly rows: { readonly train: number; readonly validation: number; readonly features: number };
  readonly xgboostVersion: string;
  readonly validationLogloss: { readonly ours: number; readonly xgboost: number; readonly relativeDifference: number; readonly prior: number; readonly bestPossible: number | null };
  readonly accuracy: { readonly ours: number; readonly xgboost: number };
  /** Pearson correlation of each class's validation probabilities (SHORT, NEUTRAL, LONG). */
  readonly probabilityCorrelation: readonly number[];
  readonly maxProbabilityDifference: number;
  /** Largest |ours - xgboost| / xgboost of the training log-loss over rounds 10, 20, ... */
  readonly trainingCurveMaxRelativeDifference: number;
  /** Fastest of `runs` training runs per side. */
  readonly trainSeconds: { readonly ours: number; readonly xgboost: number; readonly runs: number; readonly ratio: number };
  readonly criteria: Readonly<Record<string, boolean>>;
}

/**
 * @param timingRuns training runs per side for the times: the first gives the quality figures, and
 * each side's fastest run is its time (runs alternate, so both meet the same machine load)
 */
export async function compareWithXgboost(spec: ComparisonCase, params: ComparedParams, workDir: string, timingRuns = 1): Promise<ComparisonResult> {
  const features = join(workDir, `${spec.name}.features.csv`);
  const xgbProbabilities = join(workDir, `${spec.name}.xgboost.csv`);
  writeFeaturesCsv(features, spec.table);
  // Train on the file read back, as `trading ml train --features` would.
  const { table } = readFeaturesCsv(features);
  const split = splitAtTime({ rows: labelledRows(table), time: table.time, labelEndTime: table.labelEndTime }, Date.parse(spec.validationFrom));
  const train = trainingSetOf(table, split.train);
  const validation = trainingSetOf(table, split.validation);
  const trainOurs = () => {
    const started = performance.now();
    const result = trainGbdt(train, { ...params, objective: 'multi:softprob', numClasses: 3 }, { validation });
    return { result, seconds: (performance.now() - started) / 1000 };
  };
  // An untimed two-round run first, so V8's compile time is not billed to the timed runs
  // (XGBoost's code is compiled ahead of time).
  trainGbdt(train, { ...params, rounds: 2, objective: 'multi:softprob', numClasses: 3 }, { validation });
  const { result: ours, seconds: firstSeconds } = trainOurs();
  const ourProbabilities = predictProbabilities(ours.model, validation.x, validation.rows);
  const xgb = await runXgboost(features, spec.validationFrom, params, xgbProbabilities);
  let ourSeconds = firstSeconds;
  let xgbSeconds = xgb.trainSeconds;
  for (let run = 1; run < timingRuns; run++) {
    ourSeconds = Math.min(ourSeconds, trainOurs().seconds);
    xgbSeconds = Math.min(xgbSeconds, (await runXgboost(features, spec.validationFrom, params, xgbProbabilities)).trainSeconds);
  }
  if (xgb.trainRows !== train.rows || xgb.validationRows !== validation.rows) {
    throw new Error(`the two sides split differently: ours ${train.rows}/${validation.rows} rows, XGBoost's ${xgb.trainRows}/${xgb.validationRows}`);
  }
  const theirs = readProbabilities(xgbProbabilities, validation.rows);
  const correlation = [0, 1, 2].map((k) => pearson(column(ourProbabilities, k), column(theirs, k)));
  let maxDifference = 0;
  for (let i = 0; i < theirs.length; i++) maxDifference = Math.max(maxDifference, Math.abs(ourProbabilities[i] - theirs[i]));
  let curve = 0;
  for (let round = 10; round <= params.rounds; round += 10) {
    curve = Math.max(curve, Math.abs(ours.history.train[round - 1] - xgb.history.train[round - 1]) / xgb.history.train[round - 1]);
  }
  const metrics = classificationMetrics(ourProbabilities, validation.labels, 3);
  const relative = Math.abs(metrics.logloss - xgb.validation.logloss) / xgb.validation.logloss;
  const bestPossible = spec.bestPossibleLogloss ? spec.bestPossibleLogloss(split.validation) : null;
  const ratio = ourSeconds / xgbSeconds;
  const criteria: Record<string, boolean> = {
    validationLoglossWithin2Percent: relative <= 0.02,
    probabilityCorrelationAtLeast095: correlation.every((c) => c >= 0.95),
    trainingCurveWithin2PercentEveryTenthRound: curve <= 0.02,
    trainingTimeWithin2xXgboost: ratio <= 2,
  };
  if (bestPossible !== null) {
    // "Far below the class-prior log-loss": both models recover at least a fifth of it.
    criteria.bothFarBelowPriorLogloss = metrics.logloss <= 0.8 * metrics.priorLogloss && xgb.validation.logloss <= 0.8 * metrics.priorLogloss;
  }
  return {
    case: spec.name,
    rows: { train: train.rows, validation: validation.rows, features: train.features },
    xgboostVersion: xgb.xgboost,
    validationLogloss: { ours: metrics.logloss, xgboost: xgb.validation.logloss, relativeDifference: relative, prior: metrics.priorLogloss, bestPossible },
    accuracy: { ours: metrics.accuracy, xgboost: xgb.validation.accuracy },
    probabilityCorrelation: correlation,
    maxProbabilityDifference: maxDifference,
    trainingCurveMaxRelativeDifference: curve,
    trainSeconds: { ours: ourSeconds, xgboost: xgbSeconds, runs: timingRuns, ratio },
    criteria,
  };
}

function runXgboost(features: string, validationFrom: string, params: ComparedParams, predictions: string): Promise<XgboostRun> {
  const args = [
    SCRIPT, '--features', features, '--validation-from', validationFrom, '--depth', String(params.maxDepth), '--rounds', String(params.rounds),
    '--eta', String(params.eta), '--subsample', String(params.subsample), '--colsample', String(params.colsampleByTree), '--lambda', String(params.lambda),
    '--min-child-weight', String(params.minChildWeight), '--max-bins', String(params.maxBins), '--seed', String(params.seed), '--predictions', predictions,
  ];
  return new Promise((resolveRun, reject) => {
    const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${SCRIPT} exited with code ${code}: ${stderr.trim().split('\n').pop() ?? ''}`));
      try {
        resolveRun(JSON.parse(stdout) as XgboostRun);
      } catch (error) {
        reject(new Error(`${SCRIPT} printed invalid JSON: ${(error as Error).message}`));
      }
    });
  });
}

function readProbabilities(path: string, rows: number): Float64Array {
  const values = readFileSync(path, 'utf8').trim().split('\n').flatMap((line) => line.split(',').map(Number));
  if (values.length !== rows * 3) throw new Error(`${path}: expected ${rows} rows of 3 probabilities, got ${values.length} values`);
  return Float64Array.from(values);
}

function column(probabilities: Float64Array, k: number): Float64Array {
  const out = new Float64Array(probabilities.length / 3);
  for (let i = 0; i < out.length; i++) out[i] = probabilities[i * 3 + k];
  return out;
}

/** Whether `python3-xgboost` is importable from Debian's interpreter; the version or null. */
export async function xgboostVersion(): Promise<string | null> {
  return new Promise((done) => {
    const child = spawn(PYTHON, ['-c', 'import xgboost; print(xgboost.__version__)'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', () => done(null));
    child.on('close', (code) => done(code === 0 ? out.trim() : null));
  });
}
