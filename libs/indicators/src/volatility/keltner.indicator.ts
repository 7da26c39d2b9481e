// Keltner channel (the modern form): middle = EMA(n) of the close, bands at
// +/- multiplier * ATR(atrPeriod). Lookback is the later of the two warm-ups,
// max(n-1, atrPeriod).
import { requirePeriod, requirePositive } from '../core/parameter.guard';
import type { StreamingIndicator } from '../core/indicator';
import { Ema } from '../moving-average/ema.indicator';
import { Atr } from './atr.indicator';

export class KeltnerChannel implements StreamingIndicator {
  readonly lookback: number;
  upper = Number.NaN;
  middle = Number.NaN;
  lower = Number.NaN;
  private readonly ema: Ema;
  private readonly atr: Atr;

  constructor(
    readonly period = 20,
    readonly multiplier = 2,
    readonly atrPeriod = period,
  ) {
    requirePeriod('keltner', 'period', period);
    requirePositive('keltner', 'multiplier', multiplier);
    requirePeriod('keltner', 'atrPeriod', atrPeriod);
    this.ema = new Ema(period);
    this.atr = new Atr(atrPeriod);
    this.lookback = Math.max(this.ema.lookback, this.atr.lookback);
  }

  get value(): number {
    return this.middle;
  }

  update(high: number, low: number, close: number): number {
    const middle = this.ema.update(close);
    const atr = this.atr.update(high, low, close);
    if (middle !== middle || atr !== atr) return this.middle;
    this.middle = middle;
    this.upper = middle + this.multiplier * atr;
    this.lower = middle - this.multiplier * atr;
    return middle;
  }
}
