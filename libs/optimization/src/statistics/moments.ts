// Sample statistics of return series, with the conventions the overfitting
// statistics and the reports share (README "Conventions"):
// - standard deviation with ddof 1 (divide by n - 1);
// - skewness and kurtosis are the biased moment ratios m3 / m2^1.5 and
//   m4 / m2^2 (kurtosis 3 for a normal, not the excess), as in the papers and
//   scipy.stats.skew / kurtosis(fisher=False);
// - a series whose standard deviation is 0 has a Sharpe ratio of 0;
// - percentiles interpolate linearly between order statistics at (n - 1) * q.

export type Series = ArrayLike<number>;

export function mean(values: Series): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** Standard deviation with ddof 1; 0 for fewer than two values. */
export function sampleStd(values: Series): number {
  const n = values.length;
  if (n < 2) return 0;
  const m = mean(values);
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - m) ** 2;
  return Math.sqrt(squares / (n - 1));
}

/** Per-period Sharpe ratio: mean over ddof-1 standard deviation, 0 when the series is flat. */
export function sharpeRatio(values: Series): number {
  const std = sampleStd(values);
  return std > 0 ? mean(values) / std : 0;
}

export interface HigherMoments {
  /** m3 / m2^1.5; 0 for a flat series. */
  readonly skewness: number;
  /** m4 / m2^2 (3 for a normal); 3 for a flat series. */
  readonly kurtosis: number;
}

export function higherMoments(values: Series): HigherMoments {
  const n = values.length;
  const m = mean(values);
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - m;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  if (n === 0 || m2 === 0) return { skewness: 0, kurtosis: 3 };
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return { skewness: m3 / m2 ** 1.5, kurtosis: m4 / (m2 * m2) };
}

/** Linear-interpolation percentile (q in [0, 1]) of values already sorted ascending. */
export function percentileOfSorted(sorted: Series, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = (n - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(n - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export interface Percentiles {
  readonly p5: number;
  readonly p50: number;
  readonly p95: number;
}

export function percentiles(values: Series): Percentiles {
  const sorted = Float64Array.from(values).sort();
  return { p5: percentileOfSorted(sorted, 0.05), p50: percentileOfSorted(sorted, 0.5), p95: percentileOfSorted(sorted, 0.95) };
}
