// Rolling population standard deviation times a factor (TA-Lib STDDEV, lookback n-1).
import { requirePeriod, requirePositive } from '../core/parameter.guard';
import type { StreamingIndicator } from '../core/indicator';
import { RollingStats } from './rolling-stats';

export class StdDev implements StreamingIndicator {
  readonly lookback: number;
  value = Number.NaN;
  private readonly stats: RollingStats;

  constructor(
    readonly period: number,
    readonly deviations = 1,
  ) {
    requirePeriod('stddev', 'period', period);
    requirePositive('stddev', 'deviations', deviations);
    this.lookback = period - 1;
    this.stats = new RollingStats(period);
  }

  update(input: number): number {
    this.stats.push(input);
    if (this.stats.full) this.value = Math.sqrt(this.stats.variance) * this.deviations;
    return this.value;
  }
}
