// Simple moving average: the mean of the last n values (TA-Lib SMA, lookback n-1).
import { DOUBLE_ZERO, requirePeriod } from '../core/parameter.guard';
import { RollingWindow } from '../core/rolling-window';
import type { StreamingIndicator } from '../core/indicator';

export class Sma implements StreamingIndicator {
  readonly lookback: number;
  value = Number.NaN;
  private readonly window: RollingWindow;
  private sum = DOUBLE_ZERO;

  constructor(readonly period: number) {
    requirePeriod('sma', 'period', period);
    this.lookback = period - 1;
    this.window = new RollingWindow(period);
  }

  update(input: number): number {
    const leaving = this.window.push(input);
    // Re-add from the buffer once per turn so rounding in the running sum cannot drift.
    if (this.window.wrapped) this.sum = this.window.sum();
    else this.sum += leaving === leaving ? input - leaving : input;
    if (this.window.full) this.value = this.sum / this.period;
    return this.value;
  }
}
