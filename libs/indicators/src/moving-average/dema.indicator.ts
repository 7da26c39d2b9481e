// Double EMA (TA-Lib DEMA): 2*EMA(x) - EMA(EMA(x)); the second EMA is seeded
// with the SMA of the first n values of the first, so the lookback is 2(n-1).
import { requirePeriod } from '../core/parameter.guard';
import type { StreamingIndicator } from '../core/indicator';
import { Ema } from './ema.indicator';

export class Dema implements StreamingIndicator {
  readonly lookback: number;
  value = Number.NaN;
  private readonly first: Ema;
  private readonly second: Ema;

  constructor(readonly period: number) {
    requirePeriod('dema', 'period', period);
    this.lookback = 2 * (period - 1);
    this.first = new Ema(period);
    this.second = new Ema(period);
  }

  update(input: number): number {
    const first = this.first.update(input);
    if (first !== first) return this.value;
    const second = this.second.update(first);
    if (second === second) this.value = 2 * first - second;
    return this.value;
  }
}
