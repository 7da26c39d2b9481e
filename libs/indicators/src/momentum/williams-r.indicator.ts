// Williams %R (TA-Lib WILLR, lookback n-1): -100 * (highest high - close) /
// (highest high - lowest low) over the last n bars; 0 on a flat window as in TA-Lib.
import { requirePeriod } from '../core/parameter.guard';
import { MonotonicDeque } from '../core/monotonic-deque';
import type { StreamingIndicator } from '../core/indicator';

export class WilliamsR implements StreamingIndicator {
  readonly lookback: number;
  value = Number.NaN;
  private readonly highs: MonotonicDeque;
  private readonly lows: MonotonicDeque;

  constructor(readonly period: number) {
    requirePeriod('willr', 'period', period);
    this.lookback = period - 1;
    this.highs = new MonotonicDeque(period, true);
    this.lows = new MonotonicDeque(period, false);
  }

  update(high: number, low: number, close: number): number {
    const highest = this.highs.push(high);
    const lowest = this.lows.push(low);
    if (!this.highs.full) return this.value;
    // TA-Lib's operation order: the range scaled by -1/100 first.
    const range = (highest - lowest) / -100;
    this.value = range !== 0 ? (highest - close) / range : 0;
    return this.value;
  }
}
