// Triple EMA (TA-Lib TEMA): 3*E1 - 3*E2 + E3 with E2 = EMA(E1), E3 = EMA(E2),
// each seeded from the first n values of the one before; lookback 3(n-1).
import { requirePeriod } from '../core/parameter.guard';
import type { StreamingIndicator } from '../core/indicator';
import { Ema } from './ema.indicator';

export class Tema implements StreamingIndicator {
  readonly lookback: number;
  value = Number.NaN;
  private readonly first: Ema;
  private readonly second: Ema;
  private readonly third: Ema;

  constructor(readonly period: number) {
    requirePeriod('tema', 'period', period);
    this.lookback = 3 * (period - 1);
    this.first = new Ema(period);
    this.second = new Ema(period);
    this.third = new Ema(period);
  }

  update(input: number): number {
    const e1 = this.first.update(input);
    if (e1 !== e1) return this.value;
    const e2 = this.second.update(e1);
    if (e2 !== e2) return this.value;
    const e3 = this.third.update(e2);
    if (e3 === e3) this.value = 3 * e1 - 3 * e2 + e3;
    return this.value;
  }
}
