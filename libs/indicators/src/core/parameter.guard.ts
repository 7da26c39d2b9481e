// Parameter checks shared by every indicator constructor: a bad period or
// factor fails at construction with the indicator and parameter named, never
// later as a silent NaN series.

export function requirePeriod(indicator: string, name: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${indicator}: ${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

export function requirePositive(indicator: string, name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${indicator}: ${name} must be a finite number > 0, got ${String(value)}`);
  return value;
}

export function requireNonNegative(indicator: string, name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${indicator}: ${name} must be a finite number >= 0, got ${String(value)}`);
  return value;
}

/**
 * TA-Lib's TA_IS_ZERO: it treats |x| < 1e-8 as zero before dividing (RSI,
 * NATR, DI/DX). Reproduced so degenerate flat stretches give TA-Lib's numbers.
 */
export function isTaZero(value: number): boolean {
  return value > -1e-8 && value < 1e-8;
}

/**
 * Zero as V8 stores a double (-0 is never a small integer). Accumulator fields
 * start from it so V8 gives them a double representation from construction; a
 * field born as a small-integer 0 and later holding fractions ends up boxed,
 * which costs a heap allocation on every store in the update path.
 */
export const DOUBLE_ZERO = -0;
