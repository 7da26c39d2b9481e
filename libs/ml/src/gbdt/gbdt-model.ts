// A trained tree ensemble and its prediction. Prediction follows what
// onnxruntime's TreeEnsembleClassifier does with the exported model, in
// float32 at every step (inputs, the sum of leaf values in tree order, the
// base value, the softmax or logistic), so this and the ONNX file agree to
// float32 rounding on every row.
import { type RegressionTree, leafOf } from './regression-tree';

const fround = Math.fround;

export type GbdtObjectiveName = 'multi:softprob' | 'binary:logistic';

export interface GbdtModel {
  readonly objective: GbdtObjectiveName;
  readonly classes: number;
  readonly features: number;
  /** Margin every class starts from (the logit of baseScore for binary:logistic). */
  readonly baseMargin: number;
  /** Round-major: tree t adds to class t % treesPerRound(model). */
  readonly trees: readonly RegressionTree[];
}

export function treesPerRound(model: Pick<GbdtModel, 'objective' | 'classes'>): number {
  return model.objective === 'binary:logistic' ? 1 : model.classes;
}

export function roundsOf(model: GbdtModel): number {
  return model.trees.length / treesPerRound(model);
}

/**
 * Class probabilities of `rows` rows of `x` (row-major, model.features
 * columns; NaN = missing), rows × classes. `out` may be given to reuse memory.
 */
export function predictProbabilities(model: GbdtModel, x: ArrayLike<number>, rows: number, out = new Float64Array(rows * model.classes)): Float64Array {
  const width = model.features;
  if (x.length < rows * width) throw new RangeError(`expected ${rows} rows of ${width} features (${rows * width} values), got ${x.length}`);
  const perRound = treesPerRound(model);
  const scores = new Float64Array(perRound);
  const trees = model.trees;
  const base = fround(model.baseMargin);
  for (let r = 0; r < rows; r++) {
    scores.fill(0);
    const offset = r * width;
    for (let t = 0; t < trees.length; t++) {
      const tree = trees[t];
      const k = t % perRound;
      scores[k] = fround(scores[k] + tree.value[leafOf(tree, x, offset)]);
    }
    for (let k = 0; k < perRound; k++) scores[k] = fround(scores[k] + base);
    if (perRound === 1) {
      const p = fround(1 / fround(1 + fround(Math.exp(-scores[0]))));
      out[2 * r] = fround(1 - p);
      out[2 * r + 1] = p;
    } else {
      softmax32(scores, out, r * perRound);
    }
  }
  return out;
}

function softmax32(scores: Float64Array, out: Float64Array, at: number): void {
  let max = -Infinity;
  for (let k = 0; k < scores.length; k++) if (scores[k] > max) max = scores[k];
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    const e = fround(Math.exp(fround(scores[k] - max)));
    out[at + k] = e;
    sum = fround(sum + e);
  }
  for (let k = 0; k < scores.length; k++) out[at + k] = fround(out[at + k] / sum);
}
