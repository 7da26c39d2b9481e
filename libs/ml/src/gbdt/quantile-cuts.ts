// Histogram cut points per feature, chosen the way XGBoost's `hist` chooses
// them so that both libraries split on the same thresholds: the feature's
// non-missing values (as float32, which XGBoost and onnxruntime compare) go
// through the weighted quantile sketch in row order; its summary is thinned
// by rank to maxBins × 8 entries, then to maxBins + 1. The first entry is the
// feature's minimum; the others are cut points, and a final cut just above the
// maximum closes the last bin. Bin b holds the values in [cut[b-1], cut[b]):
// x goes left of a split at cut[b] when x < cut[b].
import { QuantileSketch, SKETCH_FACTOR } from './quantile-sketch';
import { QuantileSummary } from './quantile-summary';

const fround = Math.fround;
const EPSILON32 = fround(1e-5);

export interface QuantileCuts {
  readonly features: number;
  /** Cut points of every feature, concatenated; feature f's are cuts[ptr[f] .. ptr[f+1]). */
  readonly cuts: Float32Array;
  readonly ptr: Int32Array;
  /** A value just below each feature's minimum (XGBoost's min_val), the threshold that sends only missing values left. */
  readonly minValues: Float32Array;
}

export function computeQuantileCuts(x: Float32Array, rows: number, features: number, maxBins: number): QuantileCuts {
  const allCuts: number[] = [];
  const ptr = new Int32Array(features + 1);
  const minValues = new Float32Array(features);
  const column = new Float32Array(rows);
  for (let f = 0; f < features; f++) {
    let m = 0;
    for (let r = 0; r < rows; r++) {
      const v = x[r * features + f];
      if (v === v) column[m++] = v;
    }
    const cuts = featureCuts(column.subarray(0, m), maxBins, minValues, f);
    for (const c of cuts) allCuts.push(c);
    ptr[f + 1] = allCuts.length;
  }
  return { features, cuts: Float32Array.from(allCuts), ptr, minValues };
}

/** Cut points of one feature from its non-missing values in row order; writes its min value. */
function featureCuts(values: Float32Array, maxBins: number, minValues: Float32Array, f: number): number[] {
  const m = values.length;
  const cuts: number[] = [];
  if (m === 0) {
    // A feature never seen: one bin; every value it later takes is "not missing, below the only cut".
    minValues[f] = EPSILON32;
    cuts.push(fround(EPSILON32 + fround(EPSILON32 + EPSILON32)));
    return cuts;
  }
  const intermediate = Math.min(m, maxBins * SKETCH_FACTOR);
  const bins = Math.min(intermediate, maxBins);
  const sketch = new QuantileSketch(m, maxBins);
  for (let i = 0; i < m; i++) sketch.push(values[i]);
  const summary = QuantileSummary.prune(QuantileSummary.prune(sketch.summary(), intermediate), bins + 1);
  const min = summary.value[0];
  minValues[f] = fround(fround(min - Math.abs(min)) - EPSILON32);
  const required = Math.min(summary.size, bins);
  for (let i = 1; i < required; i++) {
    const cut = summary.value[i];
    if (i === 1 || cut > cuts[cuts.length - 1]) cuts.push(cut);
  }
  const top = summary.value[summary.size - 1];
  cuts.push(fround(top + fround(Math.abs(top) + EPSILON32)));
  return cuts;
}

/** Bin of value v of feature f: the number of cuts <= v, the last bin for values past the last cut. */
export function binOf(cuts: QuantileCuts, f: number, v: number): number {
  const from = cuts.ptr[f];
  let lo = from;
  let hi = cuts.ptr[f + 1];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts.cuts[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, cuts.ptr[f + 1] - 1) - from;
}
