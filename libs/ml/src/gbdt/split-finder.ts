// The best split of one node, from its gradient histogram. For each feature
// the bins are scanned upwards with missing values sent right, then (when the
// node has missing values for it) downwards with them sent left; a split is
// valid when both children keep a hessian sum >= minChildWeight, and its gain
// is G_L²/(H_L+λ) + G_R²/(H_R+λ) - G²/(H+λ). Gains are rounded to float32 and
// ties go to the candidate seen first, as in XGBoost, so both libraries pick
// the same split when their histograms agree.
import type { BinnedMatrix } from './binned-matrix';
import type { QuantileCuts } from './quantile-cuts';

const fround = Math.fround;

export interface NodeStats {
  readonly grad: number;
  readonly hess: number;
}

export interface SplitCandidate {
  /** Loss reduction (float32); 0 when nothing valid was found. */
  gain: number;
  feature: number;
  /** Rows with a bin <= splitBin go left; -1 sends only missing values left. */
  splitBin: number;
  /** Float32 threshold: x < threshold goes left. */
  threshold: number;
  defaultLeft: boolean;
  leftGrad: number;
  leftHess: number;
  rightGrad: number;
  rightHess: number;
}

export function emptySplit(): SplitCandidate {
  return { gain: 0, feature: -1, splitBin: 0, threshold: 0, defaultLeft: false, leftGrad: 0, leftHess: 0, rightGrad: 0, rightHess: 0 };
}

/** G²/(H+λ) rounded to float32; 0 for a node without hessian. */
export function nodeGain(grad: number, hess: number, lambda: number): number {
  return hess <= 0 ? 0 : fround((grad * grad) / (hess + lambda));
}

export class SplitFinder {
  constructor(
    private readonly matrix: BinnedMatrix,
    private readonly cuts: QuantileCuts,
    private readonly lambda: number,
    private readonly minChildWeight: number,
  ) {}

  /** Writes the best split of the node into `best` (gain 0 when there is none). */
  find(hist: Float64Array, node: NodeStats, features: Int32Array, best: SplitCandidate): void {
    best.gain = 0;
    best.feature = -1;
    const parentGain = nodeGain(node.grad, node.hess, this.lambda);
    for (let j = 0; j < features.length; j++) this.scanFeature(hist, node, parentGain, features[j], best);
  }

  private scanFeature(hist: Float64Array, node: NodeStats, parentGain: number, f: number, best: SplitCandidate): void {
    const lambda = this.lambda;
    const mcw = this.minChildWeight;
    const first = this.matrix.slotBase[f];
    const missing = this.matrix.slotBase[f + 1] - 1;
    const cutFrom = this.cuts.ptr[f];
    const cuts = this.cuts.cuts;
    // Upwards: left = bins 0..i, right = the rest and the missing values.
    let lg = 0;
    let lh = 0;
    for (let s = first; s < missing; s++) {
      const bg = hist[2 * s];
      const bh = hist[2 * s + 1];
      // An empty bin leaves both sides as they were: same gain, which cannot beat the candidate before it.
      if (bh === 0 && bg === 0) continue;
      lg += bg;
      lh += bh;
      const rg = node.grad - lg;
      const rh = node.hess - lh;
      if (lh < mcw || rh < mcw) continue;
      const gain = fround(fround(nodeGain(lg, lh, lambda) + nodeGain(rg, rh, lambda)) - parentGain);
      if (gain > best.gain) set(best, gain, f, s - first, cuts[cutFrom + s - first], false, lg, lh, rg, rh);
    }
    if (hist[2 * missing + 1] === 0 && hist[2 * missing] === 0) return;
    // Downwards: right = bins i..last, left = the bins below and the missing values.
    let rg = 0;
    let rh = 0;
    for (let s = missing - 1; s >= first; s--) {
      const bg = hist[2 * s];
      const bh = hist[2 * s + 1];
      if (bh === 0 && bg === 0) continue;
      rg += bg;
      rh += bh;
      const lgDown = node.grad - rg;
      const lhDown = node.hess - rh;
      if (lhDown < mcw || rh < mcw) continue;
      const gain = fround(fround(nodeGain(lgDown, lhDown, lambda) + nodeGain(rg, rh, lambda)) - parentGain);
      const bin = s - first - 1;
      const threshold = bin < 0 ? this.cuts.minValues[f] : cuts[cutFrom + bin];
      if (gain > best.gain) set(best, gain, f, bin, threshold, true, lgDown, lhDown, rg, rh);
    }
  }
}

function set(best: SplitCandidate, gain: number, feature: number, splitBin: number, threshold: number, defaultLeft: boolean, lg: number, lh: number, rg: number, rh: number): void {
  best.gain = gain;
  best.feature = feature;
  best.splitBin = splitBin;
  best.threshold = threshold;
  best.defaultLeft = defaultLeft;
  best.leftGrad = lg;
  best.leftHess = lh;
  best.rightGrad = rg;
  best.rightHess = rh;
}
