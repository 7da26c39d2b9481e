// Relative strength index with Wilder's smoothing, seeded as TA-Lib RSI: the
// first averages are plain means of the gains and losses of the first n
// changes (bars 1..n, lookback n); then avg = (avg * (n-1) + change) / n.
// RSI = 100 * avgGain / (avgGain + avgLoss), 0 when both are zero as in TA-Lib.
import { DOUBLE_ZERO, isTaZero, requirePeriod } from '../core/parameter.guard';
import type { StreamingIndicator } from '../core/indicator';

export class Rsi implements StreamingIndicator {
  readonly lookback: number;
  value = Number.NaN;
  private previous = Number.NaN;
  private changes = 0;
  private averageGain = DOUBLE_ZERO;
  private averageLoss = DOUBLE_ZERO;

  constructor(readonly period: number) {
    requirePeriod('rsi', 'period', period);
    this.lookback = period;
  }

  update(input: number): number {
    const previous = this.previous;
    this.previous = input;
    if (previous !== previous) return this.value;
    const change = input - previous;
    const n = this.period;
    if (this.changes < n) {
      // Seed phase: plain sums, divided once all n changes are in.
      if (change < 0) this.averageLoss -= change;
      else this.averageGain += change;
      this.changes++;
      if (this.changes < n) return this.value;
      this.averageLoss /= n;
      this.averageGain /= n;
    } else {
      // Same operation order as TA-Lib so results agree to the last bit.
      this.averageLoss *= n - 1;
      this.averageGain *= n - 1;
      if (change < 0) this.averageLoss -= change;
      else this.averageGain += change;
      this.averageLoss /= n;
      this.averageGain /= n;
    }
    const total = this.averageGain + this.averageLoss;
    this.value = isTaZero(total) ? 0 : 100 * (this.averageGain / total);
    return this.value;
  }
}
