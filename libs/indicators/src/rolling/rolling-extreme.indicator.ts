// Highest and lowest value of the last n inputs (TA-Lib MAX / MIN, lookback
// n-1) through a monotonic deque: amortised O(1), no allocation per update.
import { requirePeriod } from '../core/parameter.guard';
import { MonotonicDeque } from '../core/monotonic-deque';
import type { StreamingIndicator } from '../core/indicator';

export class RollingMax implements StreamingIndicator {
  readonly lookback: number;
  value = Number.NaN;
  private readonly deque: MonotonicDeque;

  constructor(readonly period: number) {
    requirePeriod('max', 'period', period);
    this.lookback = period - 1;
    this.deque = new MonotonicDeque(period, true);
  }

  update(input: number): number {
    const extreme = this.deque.push(input);
    if (this.deque.full) this.value = extreme;
    return this.value;
  }
}

export class RollingMin implements StreamingIndicator {
  readonly lookback: number;
  value = Number.NaN;
  private readonly deque: MonotonicDeque;

  constructor(readonly period: number) {
    requirePeriod('min', 'period', period);
    this.lookback = period - 1;
    this.deque = new MonotonicDeque(period, false);
  }

  update(input: number): number {
    const extreme = this.deque.push(input);
    if (this.deque.full) this.value = extreme;
    return this.value;
  }
}
