// Losses the trees are boosted on, with XGBoost's gradients: softmax
// cross-entropy over K classes (hessian 2·p·(1-p), XGBoost's choice, which
// makes its steps half a Newton step) and the binary logistic loss (hessian
// p·(1-p)). Gradients are rounded to float32 as XGBoost stores them.
// Margins are per row, K per row for softmax (row-major), 1 for logistic.
const fround = Math.fround;
const MIN_HESSIAN = 1e-16;
/** Probabilities are clipped here before the log, as XGBoost's logloss/mlogloss. */
const LOG_EPSILON = 1e-16;

export interface Objective {
  /** Trees per boosting round: one per class for softmax, one for logistic. */
  readonly treesPerRound: number;
  readonly classes: number;
  /**
   * Writes the gradients at the margins into grad/hess, laid out tree-major
   * (tree t's gradient for row r at t * rows + r), and returns the mean loss at
   * those margins: one pass serves the next round and the last round's curve.
   */
  gradients(margins: Float64Array, labels: Int32Array, rows: number, grad: Float32Array, hess: Float32Array): number;
  /** Mean negative log-likelihood of the labels. */
  loss(margins: Float64Array, labels: Int32Array, rows: number): number;
  /** Class probabilities (rows × classes) from margins. */
  probabilities(margins: Float64Array, rows: number, out: Float64Array): void;
}

export class SoftmaxObjective implements Objective {
  readonly treesPerRound: number;
  private readonly p: Float64Array;

  constructor(readonly classes: number) {
    this.treesPerRound = classes;
    this.p = new Float64Array(classes);
  }

  gradients(margins: Float64Array, labels: Int32Array, rows: number, grad: Float32Array, hess: Float32Array): number {
    const k = this.classes;
    const p = this.p;
    let loss = 0;
    for (let r = 0; r < rows; r++) {
      softmaxRow(margins, r * k, k, p, 0);
      const y = labels[r];
      loss -= Math.log(Math.max(p[y], LOG_EPSILON));
      for (let c = 0; c < k; c++) {
        const pc = p[c];
        grad[c * rows + r] = fround(c === y ? pc - 1 : pc);
        hess[c * rows + r] = fround(Math.max(2 * pc * (1 - pc), MIN_HESSIAN));
      }
    }
    return rows === 0 ? Number.NaN : loss / rows;
  }

  loss(margins: Float64Array, labels: Int32Array, rows: number): number {
    const k = this.classes;
    const p = this.p;
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      softmaxRow(margins, r * k, k, p, 0);
      sum -= Math.log(Math.max(p[labels[r]], LOG_EPSILON));
    }
    return rows === 0 ? Number.NaN : sum / rows;
  }

  probabilities(margins: Float64Array, rows: number, out: Float64Array): void {
    for (let r = 0; r < rows; r++) softmaxRow(margins, r * this.classes, this.classes, out, r * this.classes);
  }
}

export class LogisticObjective implements Objective {
  readonly treesPerRound = 1;
  readonly classes = 2;

  gradients(margins: Float64Array, labels: Int32Array, rows: number, grad: Float32Array, hess: Float32Array): number {
    let loss = 0;
    for (let r = 0; r < rows; r++) {
      const p = sigmoid(margins[r]);
      const y = labels[r];
      loss -= y === 1 ? Math.log(Math.max(p, LOG_EPSILON)) : Math.log(Math.max(1 - p, LOG_EPSILON));
      grad[r] = fround(p - y);
      hess[r] = fround(Math.max(p * (1 - p), MIN_HESSIAN));
    }
    return rows === 0 ? Number.NaN : loss / rows;
  }

  loss(margins: Float64Array, labels: Int32Array, rows: number): number {
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      const p = sigmoid(margins[r]);
      sum -= labels[r] === 1 ? Math.log(Math.max(p, LOG_EPSILON)) : Math.log(Math.max(1 - p, LOG_EPSILON));
    }
    return rows === 0 ? Number.NaN : sum / rows;
  }

  probabilities(margins: Float64Array, rows: number, out: Float64Array): void {
    for (let r = 0; r < rows; r++) {
      const p = sigmoid(margins[r]);
      out[2 * r] = 1 - p;
      out[2 * r + 1] = p;
    }
  }
}

export function sigmoid(margin: number): number {
  return 1 / (1 + Math.exp(-margin));
}

function softmaxRow(margins: Float64Array, at: number, k: number, out: Float64Array, outAt: number): void {
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, margins[at + c]);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp(margins[at + c] - max);
    out[outAt + c] = e;
    sum += e;
  }
  for (let c = 0; c < k; c++) out[outAt + c] /= sum;
}
