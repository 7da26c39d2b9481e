// Linearly weighted moving average (TA-Lib WMA, lookback n-1): weights 1..n,
// the newest value weighted n. O(1) per update: dropping the oldest value
// lowers every weight by one, i.e. subtracts the plain sum of the window.
import { DOUBLE_ZERO, requirePeriod } from '../core/parameter.guard';
import { RollingWindow } from '../core/rolling-window';
import type { StreamingIndicator } from '../core/indicator';

export class Wma implements StreamingIndicator {
  readonly lookback: number;
  value = Number.NaN;
  private readonly window: RollingWindow;
  private readonly divisor: number;
  private sum = DOUBLE_ZERO;
  private weightedSum = DOUBLE_ZERO;

  constructor(readonly period: number) {
    requirePeriod('wma', 'period', period);
    this.lookback = period - 1;
    this.window = new RollingWindow(period);
    this.divisor = (period * (period + 1)) / 2;
  }

  update(input: number): number {
    const period = this.period;
    const filling = !this.window.full;
    const leaving = this.window.push(input);
    if (filling) {
      // While filling, the k-th value (1-based) enters with weight k.
      this.weightedSum += input * this.window.size;
      this.sum += input;
    } else {
      this.weightedSum += period * input - this.sum;
      this.sum += input - leaving;
      if (this.window.wrapped) this.resync();
    }
    if (this.window.full) this.value = this.weightedSum / this.divisor;
    return this.value;
  }

  /** Recomputes both sums from the buffer once per turn so rounding cannot accumulate. */
  private resync(): void {
    let sum = 0;
    let weighted = 0;
    for (let age = this.period - 1; age >= 0; age--) {
      const x = this.window.at(age);
      sum += x;
      weighted += x * (this.period - age);
    }
    this.sum = sum;
    this.weightedSum = weighted;
  }
}
