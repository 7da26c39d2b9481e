// Donchian channel: highest high and lowest low of the last n bars, current bar
// included (lookback n-1), and their midpoint. A breakout rule compares a close
// with the previous bar's channel.
import { requirePeriod } from '../core/parameter.guard';
import { MonotonicDeque } from '../core/monotonic-deque';
import type { StreamingIndicator } from '../core/indicator';

export class DonchianChannel implements StreamingIndicator {
  readonly lookback: number;
  upper = Number.NaN;
  middle = Number.NaN;
  lower = Number.NaN;
  private readonly highs: MonotonicDeque;
  private readonly lows: MonotonicDeque;

  constructor(readonly period: number) {
    requirePeriod('donchian', 'period', period);
    this.lookback = period - 1;
    this.highs = new MonotonicDeque(period, true);
    this.lows = new MonotonicDeque(period, false);
  }

  get value(): number {
    return this.middle;
  }

  update(high: number, low: number): number {
    const upper = this.highs.push(high);
    const lower = this.lows.push(low);
    if (!this.highs.full) return this.middle;
    this.upper = upper;
    this.lower = lower;
    this.middle = (upper + lower) / 2;
    return this.middle;
  }
}
