// The shape every streaming indicator shares. `lookback` is TA-Lib's: the
// number of bars consumed before the first value, i.e. the index of the first
// non-NaN output when the indicator is fed from the start of a series.
export interface StreamingIndicator {
  readonly lookback: number;
  /** Latest value; NaN during warm-up. */
  readonly value: number;
}
