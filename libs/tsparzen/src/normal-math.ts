// Normal-distribution helpers the Parzen estimators need: log density, and the
// log of a probability mass between two points that stays finite and accurate
// far in the tails (a grid cell can sit dozens of sigmas from a kernel). These
// run tens of thousands of times per suggestion, so they trade the last digits
// for speed: relative error below 2e-7, far under what changes a TPE decision.

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const SQRT1_2 = Math.SQRT1_2;

/** log of the standard normal density at z. */
export function logStandardNormalPdf(z: number): number {
  return -0.5 * z * z - LOG_SQRT_2PI;
}

/**
 * log(erfc(x)) for x >= 0 from the Chebyshev-fitted form erfc(x) = t*exp(-x^2 + P(t)),
 * t = 1/(1 + x/2) (Numerical Recipes' erfcc): relative error < 1.2e-7, and in log form
 * it never underflows.
 */
function logErfcNonNegative(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return Math.log(t) - x * x + poly;
}

/** log of the upper tail Q(z) = P(Z > z) of the standard normal. */
export function logNormalUpperTail(z: number): number {
  const x = z * SQRT1_2;
  if (x >= 0) return logErfcNonNegative(x) - Math.LN2;
  // Q(z) = 1 - Q(-z), with Q(-z) < 1/2 here.
  return Math.log1p(-0.5 * Math.exp(logErfcNonNegative(-x)));
}

/** Standard normal CDF. */
export function normalCdf(z: number): number {
  return z <= 0 ? Math.exp(logNormalUpperTail(-z)) : -Math.expm1(logNormalUpperTail(z));
}

// Below this width (in sigmas) Simpson's rule beats differencing two tail probabilities.
const NARROW = 0.05;

/** log(P(a < Z < b)) for the standard normal, stable in both tails and for narrow intervals. */
export function logNormalMass(a: number, b: number): number {
  if (!(a < b)) return -Infinity;
  if (b - a < NARROW) {
    // Simpson's rule, with the densities taken relative to the midpoint's so nothing underflows.
    const m = 0.5 * (a + b);
    const ratio = Math.exp(-0.5 * (a - m) * (a + m)) + 4 + Math.exp(-0.5 * (b - m) * (b + m));
    return Math.log((b - a) / 6) + Math.log(ratio) + logStandardNormalPdf(m);
  }
  if (a > 0) {
    const qa = logNormalUpperTail(a);
    return qa + Math.log1p(-Math.exp(logNormalUpperTail(b) - qa));
  }
  if (b < 0) {
    const pb = logNormalUpperTail(-b);
    return pb + Math.log1p(-Math.exp(logNormalUpperTail(-a) - pb));
  }
  // The interval holds zero: both outer tails are below 1/2, so 1 - tails keeps its digits.
  if (a < -9 && b > 9) return 0;
  return Math.log1p(-(Math.exp(logNormalUpperTail(-a)) + Math.exp(logNormalUpperTail(b))));
}
