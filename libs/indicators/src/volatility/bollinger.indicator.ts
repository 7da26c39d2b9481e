// Bollinger Bands as TA-Lib BBANDS with an SMA middle (lookback n-1): middle =
// SMA(n), bands at +/- k population standard deviations. Also Bollinger's %b,
// (close - lower) / (upper - lower), and BandWidth, (upper - lower) / middle.
import { requirePeriod, requirePositive } from '../core/parameter.guard';
import type { StreamingIndicator } from '../core/indicator';
import { RollingStats } from './rolling-stats';

export class BollingerBands implements StreamingIndicator {
  readonly lookback: number;
  upper = Number.NaN;
  middle = Number.NaN;
  lower = Number.NaN;
  /** Where the input sits between the bands: 0 at the lower, 1 at the upper; 0.5 when the bands touch. */
  percentB = Number.NaN;
  bandwidth = Number.NaN;
  private readonly stats: RollingStats;

  constructor(
    readonly period: number,
    readonly deviationsUp = 2,
    readonly deviationsDown = deviationsUp,
  ) {
    requirePeriod('bbands', 'period', period);
    requirePositive('bbands', 'deviationsUp', deviationsUp);
    requirePositive('bbands', 'deviationsDown', deviationsDown);
    this.lookback = period - 1;
    this.stats = new RollingStats(period);
  }

  /** The middle band. */
  get value(): number {
    return this.middle;
  }

  update(input: number): number {
    this.stats.push(input);
    if (!this.stats.full) return this.middle;
    const middle = this.stats.mean;
    const sd = Math.sqrt(this.stats.variance);
    this.middle = middle;
    this.upper = middle + this.deviationsUp * sd;
    this.lower = middle - this.deviationsDown * sd;
    const width = this.upper - this.lower;
    this.percentB = width > 0 ? (input - this.lower) / width : 0.5;
    this.bandwidth = middle !== 0 ? width / middle : Number.NaN;
    return middle;
  }
}
