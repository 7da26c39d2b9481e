// Mean and population variance of the last n values in O(1) per update.
// Sliding Welford updates work on deviations from the mean, not on raw sums of
// squares: FX prices near 1.1 with a variance near 1e-6 would lose about nine
// digits to cancellation in E[x^2] - E[x]^2. A two-pass recompute once per
// turn of the ring keeps rounding from drifting over long series.
import { DOUBLE_ZERO } from '../core/parameter.guard';
import { RollingWindow } from '../core/rolling-window';

export class RollingStats {
  private readonly window: RollingWindow;
  private m2 = DOUBLE_ZERO;
  private runningMean = DOUBLE_ZERO;

  constructor(readonly period: number) {
    this.window = new RollingWindow(period);
  }

  get full(): boolean {
    return this.window.full;
  }

  /** Adds a value; afterwards `mean` and `variance` describe the last n values once full. */
  push(input: number): void {
    const leaving = this.window.push(input);
    // The push that fills the window is its first wrap: the sums are built there and rebuilt at
    // the end of every turn; in between they slide. While the window fills nothing leaves and the
    // sliding sums are NaN, which nothing reads: mean and variance wait for a full window.
    if (this.window.wrapped) {
      this.resync();
    } else {
      const previousMean = this.runningMean;
      this.runningMean += (input - leaving) / this.period;
      this.m2 += (input - leaving) * (input - this.runningMean + leaving - previousMean);
    }
  }

  /** Mean of the last n values; NaN until n values were pushed. */
  get mean(): number {
    return this.window.full ? this.runningMean : Number.NaN;
  }

  /** Population variance (divided by n), never negative. */
  get variance(): number {
    if (!this.window.full) return Number.NaN;
    return this.m2 > 0 ? this.m2 / this.period : 0;
  }

  private resync(): void {
    const n = this.period;
    const mean = this.window.sum() / n;
    let m2 = 0;
    for (let age = 0; age < n; age++) {
      const d = this.window.at(age) - mean;
      m2 += d * d;
    }
    this.runningMean = mean;
    this.m2 = m2;
  }
}
