// Average true range with Wilder's smoothing, seeded as TA-Lib ATR: the first
// value is the plain mean of the first n true ranges (bars 1..n, lookback n),
// then ATR = (ATR * (n-1) + TR) / n. NATR is ATR as a percentage of the close.
import { DOUBLE_ZERO, isTaZero, requirePeriod } from '../core/parameter.guard';
import type { StreamingIndicator } from '../core/indicator';
import { TrueRange } from './true-range.indicator';

export class Atr implements StreamingIndicator {
  readonly lookback: number;
  value = Number.NaN;
  /** ATR / close * 100 (TA-Lib NATR); 0 when the close is zero, as TA-Lib does. */
  normalized = Number.NaN;
  private readonly trueRange = new TrueRange();
  private ranges = 0;
  private seedSum = DOUBLE_ZERO;

  constructor(readonly period: number) {
    requirePeriod('atr', 'period', period);
    this.lookback = period;
  }

  update(high: number, low: number, close: number): number {
    const range = this.trueRange.update(high, low, close);
    if (range !== range) return this.value;
    const n = this.period;
    if (this.ranges < n) {
      this.seedSum += range;
      this.ranges++;
      if (this.ranges < n) return this.value;
      this.value = this.seedSum / n;
    } else {
      let atr = this.value * (n - 1);
      atr += range;
      this.value = atr / n;
    }
    this.normalized = isTaZero(close) ? 0 : (this.value / close) * 100;
    return this.value;
  }
}
