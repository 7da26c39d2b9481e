// MACD as TA-Lib computes it: line = EMA(fast) - EMA(slow), signal = EMA of the
// line, histogram = line - signal. TA-Lib starts both EMAs on the same bar: the
// fast EMA is seeded with the mean of the `fast` values ending where the slow
// one's seed ends (bar slow-1), not with the first `fast` values. All three
// outputs appear together at lookback (slow-1) + (signal-1).
import { requirePeriod } from '../core/parameter.guard';
import type { StreamingIndicator } from '../core/indicator';
import { Ema } from '../moving-average/ema.indicator';

export class Macd implements StreamingIndicator {
  readonly lookback: number;
  line = Number.NaN;
  signal = Number.NaN;
  histogram = Number.NaN;
  private readonly fastEma: Ema;
  private readonly slowEma: Ema;
  private readonly signalEma: Ema;
  private seen = 0;

  constructor(
    readonly fastPeriod = 12,
    readonly slowPeriod = 26,
    readonly signalPeriod = 9,
  ) {
    requirePeriod('macd', 'fastPeriod', fastPeriod);
    requirePeriod('macd', 'slowPeriod', slowPeriod);
    requirePeriod('macd', 'signalPeriod', signalPeriod);
    if (fastPeriod > slowPeriod) throw new RangeError(`macd: fastPeriod (${fastPeriod}) must not exceed slowPeriod (${slowPeriod})`);
    this.lookback = slowPeriod - 1 + (signalPeriod - 1);
    this.fastEma = new Ema(fastPeriod);
    this.slowEma = new Ema(slowPeriod);
    this.signalEma = new Ema(signalPeriod);
  }

  /** The MACD line. */
  get value(): number {
    return this.line;
  }

  update(input: number): number {
    this.seen++;
    const slow = this.slowEma.update(input);
    // The fast EMA only sees the values from which its seed must be taken onwards.
    if (this.seen <= this.slowPeriod - this.fastPeriod) return this.line;
    const fast = this.fastEma.update(input);
    if (slow !== slow) return this.line;
    const line = fast - slow;
    const signal = this.signalEma.update(line);
    if (signal !== signal) return this.line;
    this.line = line;
    this.signal = signal;
    this.histogram = line - signal;
    return line;
  }
}
