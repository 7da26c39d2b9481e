// Money flow index as TA-Lib MFI (lookback n): typical price tp = (h+l+c)/3,
// money flow tp * volume counts as positive when tp rose from the previous bar
// and negative when it fell; MFI = 100 * positive / (positive + negative) over
// the last n flows, and 0 when that total is below 1, as TA-Lib does.
import { DOUBLE_ZERO, requirePeriod } from '../core/parameter.guard';
import { RollingWindow } from '../core/rolling-window';
import type { StreamingIndicator } from '../core/indicator';

export class Mfi implements StreamingIndicator {
  readonly lookback: number;
  value = Number.NaN;
  private readonly positive: RollingWindow;
  private readonly negative: RollingWindow;
  private previousTypical = Number.NaN;
  private positiveSum = DOUBLE_ZERO;
  private negativeSum = DOUBLE_ZERO;

  constructor(readonly period: number) {
    requirePeriod('mfi', 'period', period);
    this.lookback = period;
    this.positive = new RollingWindow(period);
    this.negative = new RollingWindow(period);
  }

  update(high: number, low: number, close: number, volume: number): number {
    const typical = (high + low + close) / 3;
    const previous = this.previousTypical;
    this.previousTypical = typical;
    if (previous !== previous) return this.value;
    const flow = typical * volume;
    const up = typical > previous ? flow : 0;
    const down = typical < previous ? flow : 0;
    const upLeaving = this.positive.push(up);
    const downLeaving = this.negative.push(down);
    if (this.positive.wrapped) {
      // Added afresh once per turn so the running sums cannot drift. The push that fills the
      // windows is their first wrap: while they fill nothing leaves (NaN) and the sliding sums
      // are NaN, which nothing reads, as no MFI is formed before the windows are full.
      this.positiveSum = this.positive.sum();
      this.negativeSum = this.negative.sum();
    } else {
      this.positiveSum += up - upLeaving;
      this.negativeSum += down - downLeaving;
    }
    if (!this.positive.full) return this.value;
    const total = this.positiveSum + this.negativeSum;
    this.value = total < 1 ? 0 : 100 * (this.positiveSum / total);
    return this.value;
  }
}
