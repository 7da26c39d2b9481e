// The pieces the feature pipeline is built from. A group owns its streaming
// indicators and writes a fixed run of columns; the pipeline calls every group
// once per bar, in one order, whether it is filling a training matrix or
// serving one live bar, so both paths produce the same numbers.

/** One closed bar as the pipeline reads it (the domain's `Bar` fits). */
export interface FeatureBar {
  /** UTC start of the bar, epoch milliseconds. */
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** Spread in points (0.1 pip on 5-digit pairs), 0 when the source has none. */
  readonly spread: number;
}

/** Values every group may normalise by, computed once per bar before the groups run. */
export interface SharedBarState {
  /** ATR(14) of this bar; NaN during its warm-up. */
  atr: number;
  /** Start time of the previous bar; NaN on the first bar. */
  previousTime: number;
}

export interface FeatureGroup {
  readonly names: readonly string[];
  /** Bars consumed (from the start of a series) before every value of the group is defined. */
  readonly lookback: number;
  /** Feeds the bar to the group's indicators and writes its values to out[at .. at + names.length). */
  update(bar: FeatureBar, shared: SharedBarState, out: Float64Array, at: number): void;
}

/**
 * a / b, or NaN (a missing value) when b is zero or either is not finite: a
 * zero ATR or an empty channel has no meaningful ratio, and the trainer and
 * the ONNX model both route missing values down a learned branch.
 */
export function ratio(a: number, b: number): number {
  if (b === 0 || a !== a || b !== b) return Number.NaN;
  const value = a / b;
  return value === Infinity || value === -Infinity ? Number.NaN : value;
}
