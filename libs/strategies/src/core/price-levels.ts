// Comparing two price levels without trading on floating-point noise. Every
// level a strategy compares is built from prices on the instrument's point
// grid (averages, bands, EMAs, MACD lines), so a real difference between two
// of them is never tiny: two simple averages of n and m grid prices differ by
// a multiple of point / (n × m), at least 1e-10 for EURUSD with periods up to
// 200 and 500, while the rounding of a running sum is around 1e-16. A
// difference under a millionth of a point (1e-11 on EURUSD) is therefore
// rounding, and the levels are equal: a cross needs a real difference.
// (The 10- and 30-bar SMAs of EURUSD H1 at 2016-03-09 22:00 are exactly equal
// in points; in floats they differ by 6.7e-16, which used to count as a cross.)
export const NOISE_POINTS = 1e-6;

/** 1 when a is above b, -1 below, 0 equal within noise; NaN when either is NaN (warm-up). */
export function compareLevels(a: number, b: number, point: number): number {
  const difference = a - b;
  if (difference !== difference) return Number.NaN;
  const tolerance = point * NOISE_POINTS;
  return difference > tolerance ? 1 : difference < -tolerance ? -1 : 0;
}
