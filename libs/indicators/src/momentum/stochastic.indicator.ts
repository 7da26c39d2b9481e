// Slow stochastic as TA-Lib STOCH with SMA smoothing: raw %K = 100 * (close -
// lowest low) / (highest high - lowest low) over fastK bars (0 on a flat
// window), %K = SMA(slowK) of raw %K, %D = SMA(slowD) of %K. Both outputs
// start together at lookback (fastK-1) + (slowK-1) + (slowD-1), as in TA-Lib.
import { requirePeriod } from '../core/parameter.guard';
import { MonotonicDeque } from '../core/monotonic-deque';
import type { StreamingIndicator } from '../core/indicator';
import { Sma } from '../moving-average/sma.indicator';

export class Stochastic implements StreamingIndicator {
  readonly lookback: number;
  k = Number.NaN;
  d = Number.NaN;
  private readonly highs: MonotonicDeque;
  private readonly lows: MonotonicDeque;
  private readonly slowK: Sma;
  private readonly slowD: Sma;

  constructor(
    readonly fastKPeriod = 5,
    readonly slowKPeriod = 3,
    readonly slowDPeriod = 3,
  ) {
    requirePeriod('stoch', 'fastKPeriod', fastKPeriod);
    requirePeriod('stoch', 'slowKPeriod', slowKPeriod);
    requirePeriod('stoch', 'slowDPeriod', slowDPeriod);
    this.lookback = fastKPeriod - 1 + (slowKPeriod - 1) + (slowDPeriod - 1);
    this.highs = new MonotonicDeque(fastKPeriod, true);
    this.lows = new MonotonicDeque(fastKPeriod, false);
    this.slowK = new Sma(slowKPeriod);
    this.slowD = new Sma(slowDPeriod);
  }

  /** %K. */
  get value(): number {
    return this.k;
  }

  update(high: number, low: number, close: number): number {
    const highest = this.highs.push(high);
    const lowest = this.lows.push(low);
    if (!this.highs.full) return this.k;
    const k = this.slowK.update(stochasticK(close, highest, lowest));
    if (k !== k) return this.k;
    const d = this.slowD.update(k);
    if (d !== d) return this.k;
    this.k = k;
    this.d = d;
    return k;
  }
}

/** Raw (fast) %K; TA-Lib scales the range by 1/100 first, and so do we, to match it bit for bit. */
export function stochasticK(close: number, highest: number, lowest: number): number {
  const range = (highest - lowest) / 100;
  return range !== 0 ? (close - lowest) / range : 0;
}
