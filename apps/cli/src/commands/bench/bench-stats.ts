// Small figures shared by the benchmarks' JSON: the lower median of timed
// repetitions, and rounding to a fixed number of decimals.

/** The lower of the two middle values for an even count: a figure that was actually measured. */
export function lowerMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

export function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
