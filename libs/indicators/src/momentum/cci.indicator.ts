// Commodity channel index (TA-Lib CCI, lookback n-1): typical price
// tp = (h+l+c)/3, CCI = (tp - mean) / (0.015 * mean absolute deviation) over
// the last n typical prices; 0 when either is zero, as in TA-Lib. The mean
// absolute deviation around a moving mean has no constant-time update, so each
// update is O(n) over a fixed buffer (still allocation-free).
import { requirePeriod } from '../core/parameter.guard';
import { RollingWindow } from '../core/rolling-window';
import type { StreamingIndicator } from '../core/indicator';

export class Cci implements StreamingIndicator {
  readonly lookback: number;
  value = Number.NaN;
  private readonly window: RollingWindow;

  constructor(readonly period: number) {
    requirePeriod('cci', 'period', period);
    this.lookback = period - 1;
    this.window = new RollingWindow(period);
  }

  update(high: number, low: number, close: number): number {
    const typical = (high + low + close) / 3;
    this.window.push(typical);
    if (!this.window.full) return this.value;
    const n = this.period;
    const mean = this.window.sum() / n;
    let deviation = 0;
    for (let age = 0; age < n; age++) deviation += Math.abs(this.window.at(age) - mean);
    const distance = typical - mean;
    this.value = distance !== 0 && deviation !== 0 ? distance / (0.015 * (deviation / n)) : 0;
    return this.value;
  }
}
