// The empirical loss quantile and the mean of the tail beyond it, by
// selection (Hoare partitioning) instead of a full sort: O(n) on average and
// no allocation, which is what keeps a VaR check inside a per-decision budget.
//
// Definition (documented in the README): with n losses and confidence α, let
// k = ceil(α·n). VaR is the k-th smallest loss (the inverse of the empirical
// distribution function); CVaR is the mean of the k-th smallest loss and every
// larger one, i.e. of the n − k + 1 worst losses.
import { selectInPlace } from '@trading/domain';

export interface TailRisk {
  readonly valueAtRisk: number;
  readonly expectedShortfall: number;
}

/** Rank (0-based) of the VaR loss among n sorted losses. */
export function varRank(n: number, confidence: number): number {
  // The small epsilon keeps 0.55 × 100 (= 55.00000000000001 in floats) at 55.
  return Math.min(n - 1, Math.max(0, Math.ceil(confidence * n - 1e-9) - 1));
}

/** Reorders `losses[0..n)` in place; reads the VaR and CVaR at `confidence`. */
export function tailRisk(losses: Float64Array, n: number, confidence: number): TailRisk {
  if (n <= 0) throw new RangeError('tail risk needs at least one observation');
  const rank = varRank(n, confidence);
  selectInPlace(losses, rank, n);
  // After selection every element right of `rank` is >= losses[rank].
  let sum = 0;
  for (let i = rank; i < n; i++) sum += losses[i];
  return { valueAtRisk: losses[rank], expectedShortfall: sum / (n - rank) };
}
