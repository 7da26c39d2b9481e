// Parabolic SAR as TA-Lib SAR computes it (lookback 1). The first trend is
// short when bar 1 shows a -DM (low fell more than high rose), else long; the
// first SAR is bar 0's low (long) or high (short) and the extreme point bar
// 1's high (long) or low (short). On a reversal the SAR jumps to the extreme
// point, the acceleration factor resets, and the SAR never enters the range of
// this bar or the previous one.
import { requireNonNegative, requirePositive } from '../core/parameter.guard';
import type { StreamingIndicator } from '../core/indicator';

export class ParabolicSar implements StreamingIndicator {
  readonly lookback = 1;
  value = Number.NaN;
  /** True while the SAR is below price (long trend). */
  isLong = false;
  private readonly step: number;
  private bar = 0;
  private factor: number;
  private extreme = Number.NaN;
  private sar = Number.NaN;
  private previousHigh = Number.NaN;
  private previousLow = Number.NaN;

  constructor(
    readonly acceleration = 0.02,
    readonly maximum = 0.2,
  ) {
    requireNonNegative('sar', 'acceleration', acceleration);
    requirePositive('sar', 'maximum', maximum);
    // TA-Lib caps the step at the maximum rather than rejecting it.
    this.step = Math.min(acceleration, maximum);
    this.factor = this.step;
  }

  update(high: number, low: number): number {
    const index = this.bar++;
    let prevHigh = this.previousHigh;
    let prevLow = this.previousLow;
    this.previousHigh = high;
    this.previousLow = low;
    if (index === 0) return this.value;
    if (index === 1) {
      const up = high - prevHigh;
      const down = prevLow - low;
      this.isLong = !(down > 0 && up < down);
      this.extreme = this.isLong ? high : low;
      this.sar = this.isLong ? prevLow : prevHigh;
      // TA-Lib compares the first bar with itself, not with bar 0.
      prevHigh = high;
      prevLow = low;
    }

    let sar = this.sar;
    if (this.isLong) {
      if (low <= sar) {
        this.isLong = false;
        sar = this.extreme;
        if (sar < prevHigh) sar = prevHigh;
        if (sar < high) sar = high;
        this.value = sar;
        this.factor = this.step;
        this.extreme = low;
        sar = sar + this.factor * (this.extreme - sar);
        if (sar < prevHigh) sar = prevHigh;
        if (sar < high) sar = high;
      } else {
        this.value = sar;
        if (high > this.extreme) {
          this.extreme = high;
          this.factor += this.step;
          if (this.factor > this.maximum) this.factor = this.maximum;
        }
        sar = sar + this.factor * (this.extreme - sar);
        if (sar > prevLow) sar = prevLow;
        if (sar > low) sar = low;
      }
    } else if (high >= sar) {
      this.isLong = true;
      sar = this.extreme;
      if (sar > prevLow) sar = prevLow;
      if (sar > low) sar = low;
      this.value = sar;
      this.factor = this.step;
      this.extreme = high;
      sar = sar + this.factor * (this.extreme - sar);
      if (sar > prevLow) sar = prevLow;
      if (sar > low) sar = low;
    } else {
      this.value = sar;
      if (low < this.extreme) {
        this.extreme = low;
        this.factor += this.step;
        if (this.factor > this.maximum) this.factor = this.maximum;
      }
      sar = sar + this.factor * (this.extreme - sar);
      if (sar < prevHigh) sar = prevHigh;
      if (sar < high) sar = high;
    }
    this.sar = sar;
    return this.value;
  }
}
