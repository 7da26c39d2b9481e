// Rolling z-score: how many population standard deviations the latest value
// sits from the mean of the last n values (lookback n-1). A flat window has no
// spread and the value equals its mean, so the score is 0 there.
import { requirePeriod } from '../core/parameter.guard';
import type { StreamingIndicator } from '../core/indicator';
import { RollingStats } from './rolling-stats';

export class ZScore implements StreamingIndicator {
  readonly lookback: number;
  value = Number.NaN;
  private readonly stats: RollingStats;

  constructor(readonly period: number) {
    requirePeriod('zscore', 'period', period, 2);
    this.lookback = period - 1;
    this.stats = new RollingStats(period);
  }

  update(input: number): number {
    this.stats.push(input);
    if (!this.stats.full) return this.value;
    const sd = Math.sqrt(this.stats.variance);
    this.value = sd > 0 ? (input - this.stats.mean) / sd : 0;
    return this.value;
  }
}
