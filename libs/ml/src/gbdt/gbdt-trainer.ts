// Gradient boosting: each round computes the loss gradients at the current
// margins and grows one tree per class on them (rows and features sampled per
// tree from the seeded source), adds the trees' leaf values to the training
// and validation margins, and records both losses. With a validation set and
// earlyStoppingRounds, training stops once the validation loss has not
// improved for that many rounds and keeps the trees up to the best round.
import { type RandomSource, SeededRandom } from '@trading/domain';
import { binMatrix } from './binned-matrix';
import { type FeatureImportance, featureImportance } from './feature-importance';
import { type GbdtParams, gbdtParams } from './gbdt-params';
import type { GbdtModel } from './gbdt-model';
import { LogisticObjective, type Objective, SoftmaxObjective } from './objectives';
import { computeQuantileCuts } from './quantile-cuts';
import { type RegressionTree, leafOf } from './regression-tree';
import { type TrainingSet, checkTrainingSet } from './training-set';
import { TreeGrower } from './tree-grower';

export interface RoundProgress {
  /** 1-based. */
  readonly round: number;
  readonly rounds: number;
  readonly trainLoss: number;
  /** NaN without a validation set. */
  readonly validationLoss: number;
}

export interface TrainOptions {
  readonly validation?: TrainingSet;
  readonly onRound?: (progress: RoundProgress) => void;
}

export interface TrainingHistory {
  /** Mean log-loss on the training rows after each round. */
  readonly train: readonly number[];
  /** The same on the validation rows (empty without them). */
  readonly validation: readonly number[];
}

export interface GbdtTrainingResult {
  readonly model: GbdtModel;
  readonly params: GbdtParams;
  readonly history: TrainingHistory;
  /** Rounds kept in the model (the best round with early stopping, else all run). */
  readonly roundsKept: number;
  readonly importance: readonly FeatureImportance[];
}

export function trainGbdt(train: TrainingSet, overrides: Partial<GbdtParams> = {}, options: TrainOptions = {}): GbdtTrainingResult {
  const params = gbdtParams(overrides);
  checkTrainingSet(train, params.numClasses, 'training set');
  const validation = options.validation;
  if (validation) {
    checkTrainingSet(validation, params.numClasses, 'validation set');
    if (validation.features !== train.features) throw new RangeError(`validation set has ${validation.features} features, training set ${train.features}`);
  }
  const objective: Objective = params.objective === 'binary:logistic' ? new LogisticObjective() : new SoftmaxObjective(params.numClasses);
  const baseMargin = params.objective === 'binary:logistic' ? Math.log(params.baseScore / (1 - params.baseScore)) : params.baseScore;
  const n = train.rows;
  const perRound = objective.treesPerRound;
  const cuts = computeQuantileCuts(train.x, n, train.features, params.maxBins);
  const matrix = binMatrix(train.x, n, cuts);
  const grower = new TreeGrower(matrix, cuts, params);
  const random = new SeededRandom(params.seed);
  const margins = new Float64Array(n * perRound).fill(baseMargin);
  const validationMargins = validation ? new Float64Array(validation.rows * perRound).fill(baseMargin) : null;
  const grad = new Float32Array(n * perRound);
  const hess = new Float32Array(n * perRound);
  const allRows = Int32Array.from({ length: n }, (_, i) => i);
  const allFeatures = Int32Array.from({ length: train.features }, (_, i) => i);
  const trees: RegressionTree[] = [];
  const history = { train: [] as number[], validation: [] as number[] };
  let best = { loss: Infinity, round: 0 };
  objective.gradients(margins, train.labels, n, grad, hess);
  for (let round = 0; round < params.rounds; round++) {
    for (let k = 0; k < perRound; k++) {
      const rows = params.subsample < 1 ? sampleRows(n, params.subsample, random) : allRows;
      const features = params.colsampleByTree < 1 ? sampleFeatures(train.features, params.colsampleByTree, random) : allFeatures;
      const grown = grower.grow(grad.subarray(k * n, (k + 1) * n), hess.subarray(k * n, (k + 1) * n), rows, features);
      const tree = grown.tree;
      for (const leaf of grown.leaves) {
        const value = tree.value[leaf.node];
        for (let j = leaf.from; j < leaf.to; j++) margins[grown.rows[j] * perRound + k] += value;
      }
      if (rows !== allRows) addToUnsampled(margins, tree, train, rows, perRound, k);
      if (validation && validationMargins) addToAll(validationMargins, tree, validation, perRound, k);
      trees.push(tree);
    }
    // The gradients for the next round, and the training loss after this one.
    const trainLoss = objective.gradients(margins, train.labels, n, grad, hess);
    const validationLoss = validation && validationMargins ? objective.loss(validationMargins, validation.labels, validation.rows) : Number.NaN;
    history.train.push(trainLoss);
    if (validation) history.validation.push(validationLoss);
    options.onRound?.({ round: round + 1, rounds: params.rounds, trainLoss, validationLoss });
    if (validationLoss < best.loss) best = { loss: validationLoss, round };
    if (params.earlyStoppingRounds > 0 && validation && round - best.round >= params.earlyStoppingRounds) break;
  }
  const roundsKept = params.earlyStoppingRounds > 0 && validation ? best.round + 1 : history.train.length;
  const kept = trees.slice(0, roundsKept * perRound);
  const model: GbdtModel = { objective: params.objective, classes: params.numClasses, features: train.features, baseMargin, trees: kept };
  return { model, params, history, roundsKept, importance: featureImportance(kept, train.features) };
}

/** Each row independently with probability `fraction` (at least one row). */
function sampleRows(n: number, fraction: number, random: RandomSource): Int32Array {
  const picked: number[] = [];
  for (let r = 0; r < n; r++) if (random.nextFloat() < fraction) picked.push(r);
  if (picked.length === 0) picked.push(random.nextUint32() % n);
  return Int32Array.from(picked);
}

/** floor(fraction × count) features (at least one), ascending. */
function sampleFeatures(count: number, fraction: number, random: RandomSource): Int32Array {
  const wanted = Math.max(1, Math.floor(fraction * count));
  const pool = Int32Array.from({ length: count }, (_, i) => i);
  for (let i = 0; i < wanted; i++) {
    const j = i + (random.nextUint32() % (count - i));
    const swap = pool[i];
    pool[i] = pool[j];
    pool[j] = swap;
  }
  return pool.slice(0, wanted).sort();
}

function addToUnsampled(margins: Float64Array, tree: RegressionTree, set: TrainingSet, sampled: Int32Array, perRound: number, k: number): void {
  let next = 0;
  for (let r = 0; r < set.rows; r++) {
    if (next < sampled.length && sampled[next] === r) {
      next++;
      continue;
    }
    margins[r * perRound + k] += tree.value[leafOf(tree, set.x, r * set.features)];
  }
}

function addToAll(margins: Float64Array, tree: RegressionTree, set: TrainingSet, perRound: number, k: number): void {
  for (let r = 0; r < set.rows; r++) margins[r * perRound + k] += tree.value[leafOf(tree, set.x, r * set.features)];
}
