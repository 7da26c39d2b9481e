// Stochastic RSI as TA-Lib STOCHRSI with SMA %D: the fast stochastic of the
// RSI series, %K = 100 * (RSI - min RSI) / (max RSI - min RSI) over fastK
// RSI values (0 on a flat window), %D = SMA(fastD) of %K. Both outputs start
// together at lookback n + (fastK-1) + (fastD-1).
import { requirePeriod } from '../core/parameter.guard';
import { MonotonicDeque } from '../core/monotonic-deque';
import type { StreamingIndicator } from '../core/indicator';
import { Sma } from '../moving-average/sma.indicator';
import { Rsi } from './rsi.indicator';
import { stochasticK } from './stochastic.indicator';

export class StochasticRsi implements StreamingIndicator {
  readonly lookback: number;
  k = Number.NaN;
  d = Number.NaN;
  private readonly rsi: Rsi;
  private readonly highs: MonotonicDeque;
  private readonly lows: MonotonicDeque;
  private readonly fastD: Sma;

  constructor(
    readonly period = 14,
    readonly fastKPeriod = 5,
    readonly fastDPeriod = 3,
  ) {
    requirePeriod('stochrsi', 'period', period);
    requirePeriod('stochrsi', 'fastKPeriod', fastKPeriod);
    requirePeriod('stochrsi', 'fastDPeriod', fastDPeriod);
    this.lookback = period + (fastKPeriod - 1) + (fastDPeriod - 1);
    this.rsi = new Rsi(period);
    this.highs = new MonotonicDeque(fastKPeriod, true);
    this.lows = new MonotonicDeque(fastKPeriod, false);
    this.fastD = new Sma(fastDPeriod);
  }

  get value(): number {
    return this.k;
  }

  update(input: number): number {
    const rsi = this.rsi.update(input);
    if (rsi !== rsi) return this.k;
    const highest = this.highs.push(rsi);
    const lowest = this.lows.push(rsi);
    if (!this.highs.full) return this.k;
    const k = stochasticK(rsi, highest, lowest);
    const d = this.fastD.update(k);
    if (d !== d) return this.k;
    this.k = k;
    this.d = d;
    return k;
  }
}
