// The standard normal distribution function and its inverse, to double
// precision, for the Deflated Sharpe Ratio (its expected maximum of N Sharpe
// ratios needs the quantile at 1 - 1/N, far in the tail for large studies).
// erfc comes from two textbook expansions: the all-positive series of erf
// below z = 1 (where 1 - erf loses little), and the continued fraction of
// erfc from z = 1 on, evaluated backwards from 300 terms (full precision
// there). The quantile starts from the risk engine's rational approximation
// and is polished by Halley steps against that erfc.
import { normalQuantile } from '@trading/risk-engine';

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT2 = Math.SQRT2;
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** erfc(z) for z >= 0. */
function erfcNonNegative(z: number): number {
  if (z < 1) {
    // erf(z) = 2/sqrt(pi) e^{-z^2} sum_n 2^n z^{2n+1} / (1*3*...*(2n+1))
    const twoZ2 = 2 * z * z;
    let term = z;
    let sum = z;
    for (let n = 1; n < 200; n++) {
      term *= twoZ2 / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - (2 / SQRT_PI) * Math.exp(-z * z) * sum;
  }
  // erfc(z) = e^{-z^2} / sqrt(pi) / (z + (1/2) / (z + 1 / (z + (3/2) / (z + ...))))
  let fraction = z;
  for (let k = 300; k >= 1; k--) fraction = z + k / 2 / fraction;
  return Math.exp(-z * z) / (SQRT_PI * fraction);
}

/** P(X <= x) for a standard normal X. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return 1;
  if (x === Number.NEGATIVE_INFINITY) return 0;
  const z = x / SQRT2;
  return z < 0 ? 0.5 * erfcNonNegative(-z) : 1 - 0.5 * erfcNonNegative(z);
}

/** The lower tail P(X <= x) for x <= 0 without the cancellation of 1 - cdf. */
function lowerTail(x: number): number {
  return 0.5 * erfcNonNegative(-x / SQRT2);
}

/** x with P(X <= x) = p; -Infinity at 0 and +Infinity at 1. */
export function inverseNormalCdf(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`a probability must be in [0, 1], got ${p}`);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  // Work in the lower half, where the tail probability is held exactly.
  if (p > 0.5) return -lowerQuantile(1 - p);
  return lowerQuantile(p);
}

/** Quantile for q in (0, 0.5]. */
function lowerQuantile(q: number): number {
  // Acklam's rational approximation (relative error near 1e-9) is the start.
  let x = normalQuantile(q);
  // Halley's method on F(x) - q = 0; two steps take the guess to full precision.
  for (let step = 0; step < 3; step++) {
    const error = lowerTail(x) - q;
    const u = error * SQRT_2PI * Math.exp((x * x) / 2);
    const next = x - u / (1 + (x * u) / 2);
    if (next === x) break;
    x = next;
  }
  return x;
}
