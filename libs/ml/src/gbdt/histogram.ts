// Gradient histograms: for each slot, the sums of the gradients and hessians
// of the node's rows that fall in it, interleaved [g0, h0, g1, h1, ...] in
// float64 (the gradients are float32; long sums need the extra precision).
import type { BinnedMatrix } from './binned-matrix';

/** Adds the rows rows[from..to) into `hist` (which must be zeroed by the caller). */
export function buildHistogram(
  hist: Float64Array,
  matrix: BinnedMatrix,
  grad: Float32Array,
  hess: Float32Array,
  rows: Int32Array,
  from: number,
  to: number,
  activeFeatures: Int32Array | null,
): void {
  const slots = matrix.slots;
  const width = matrix.features;
  if (activeFeatures === null) {
    for (let k = from; k < to; k++) {
      const r = rows[k];
      const g = grad[r];
      const h = hess[r];
      const base = r * width;
      for (let f = 0; f < width; f++) {
        const at = slots[base + f] << 1;
        hist[at] += g;
        hist[at + 1] += h;
      }
    }
    return;
  }
  const active = activeFeatures.length;
  for (let k = from; k < to; k++) {
    const r = rows[k];
    const g = grad[r];
    const h = hess[r];
    const base = r * width;
    for (let j = 0; j < active; j++) {
      const at = slots[base + activeFeatures[j]] << 1;
      hist[at] += g;
      hist[at + 1] += h;
    }
  }
}

/** parent -= child, in place: the sibling's histogram without reading its rows. */
export function subtractHistogram(parent: Float64Array, child: Float64Array): void {
  for (let i = 0; i < parent.length; i++) parent[i] -= child[i];
}

/** Reuses histogram buffers across nodes and trees so growing a tree allocates little. */
export class HistogramPool {
  private readonly free: Float64Array[] = [];

  constructor(private readonly length: number) {}

  /** A zeroed histogram. */
  take(): Float64Array {
    const hist = this.free.pop();
    if (hist === undefined) return new Float64Array(this.length);
    hist.fill(0);
    return hist;
  }

  give(hist: Float64Array): void {
    this.free.push(hist);
  }
}
