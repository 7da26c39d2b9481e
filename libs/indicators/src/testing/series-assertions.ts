// Comparison helpers for specs: warm-up must be NaN exactly up to the
// lookback, and every later value must agree with the reference to 1e-9
// relative. Oscillators cross zero, where a relative error is meaningless, so
// the tolerance is relative to max(|expected|, scale) with `scale` the
// indicator's natural magnitude (100 for a 0..100 oscillator, the price level
// for price differences).
export function firstFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) return i;
  return -1;
}

export interface Mismatch {
  index: number;
  actual: number;
  expected: number;
}

/** Indices where `actual` and `expected` disagree beyond tolerance (NaN must match NaN). */
export function mismatches(actual: ArrayLike<number>, expected: ArrayLike<number>, scale = 0, tolerance = 1e-9): Mismatch[] {
  const out: Mismatch[] = [];
  if (actual.length !== expected.length) return [{ index: -1, actual: actual.length, expected: expected.length }];
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e) || Number.isNaN(a)) {
      if (Number.isNaN(e) !== Number.isNaN(a)) out.push({ index: i, actual: a, expected: e });
      continue;
    }
    if (Math.abs(a - e) > tolerance * Math.max(Math.abs(e), scale)) out.push({ index: i, actual: a, expected: e });
    if (out.length >= 5) break;
  }
  return out;
}

export function countFinite(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  return n;
}
