// Median and median absolute deviation without sorting: quickselect is O(n),
// which keeps spike detection cheap on a million returns.
import { selectInPlace } from '@trading/domain';

/** Median of `values[0..length)`; reorders `values`. NaN when empty. */
export function medianInPlace(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const upper = selectInPlace(values, n >> 1);
  if (n % 2 === 1) return upper;
  // After selection everything left of n/2 is <= upper: the lower middle is their maximum.
  let lower = values[0];
  for (let i = 1; i < n >> 1; i++) if (values[i] > lower) lower = values[i];
  return (lower + upper) / 2;
}
