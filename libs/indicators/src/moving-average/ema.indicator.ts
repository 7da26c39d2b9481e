// Exponential moving average as TA-Lib computes it by default: k = 2/(n+1),
// seeded with the SMA of the first n values (lookback n-1).
import { DOUBLE_ZERO, requirePeriod } from '../core/parameter.guard';
import type { StreamingIndicator } from '../core/indicator';

export class Ema implements StreamingIndicator {
  readonly lookback: number;
  readonly smoothing: number;
  value = Number.NaN;
  private seen = 0;
  private seedSum = DOUBLE_ZERO;

  constructor(readonly period: number) {
    requirePeriod('ema', 'period', period);
    this.lookback = period - 1;
    this.smoothing = 2 / (period + 1);
  }

  update(input: number): number {
    if (this.seen >= this.period) {
      // Same operation order as TA-Lib, so results match it to the last bit.
      this.value = (input - this.value) * this.smoothing + this.value;
      return this.value;
    }
    this.seedSum += input;
    this.seen++;
    if (this.seen === this.period) this.value = this.seedSum / this.period;
    return this.value;
  }
}
