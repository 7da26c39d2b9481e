// The training rows as histogram slots: for every (row, feature) the index of
// the slot its gradient is added to. Feature f owns slots
// slotBase[f] .. slotBase[f+1]-1: one per bin, then one for missing values.
// Storing the absolute slot (not the bin) saves an addition per value in the
// histogram loop, the hottest loop of training.
import { type QuantileCuts, binOf } from './quantile-cuts';

export interface BinnedMatrix {
  readonly rows: number;
  readonly features: number;
  /** rows × features, row-major. */
  readonly slots: Uint16Array | Uint32Array;
  readonly slotBase: Int32Array;
  readonly totalSlots: number;
}

export function binMatrix(x: Float32Array, rows: number, cuts: QuantileCuts): BinnedMatrix {
  const features = cuts.features;
  const slotBase = new Int32Array(features + 1);
  for (let f = 0; f < features; f++) slotBase[f + 1] = slotBase[f] + (cuts.ptr[f + 1] - cuts.ptr[f]) + 1;
  const totalSlots = slotBase[features];
  const slots = totalSlots <= 0xffff ? new Uint16Array(rows * features) : new Uint32Array(rows * features);
  for (let f = 0; f < features; f++) {
    const base = slotBase[f];
    const missing = slotBase[f + 1] - 1;
    for (let r = 0; r < rows; r++) {
      const v = x[r * features + f];
      slots[r * features + f] = v === v ? base + binOf(cuts, f, v) : missing;
    }
  }
  return { rows, features, slots, slotBase, totalSlots };
}
