// Builds bars of a coarser timeframe from the bars a strategy is fed, in
// streaming form and without look-ahead: a bucket is complete when a bar that
// ends at the bucket's end arrives, or, across a gap, when the first bar of a
// later bucket arrives. `onBucket` is called for each completed bucket, whose
// values are then in the public fields.
import { type BarColumns, type Timeframe, bucketStart, timeframeMs } from '@trading/domain';

export class BucketAggregator {
  time = Number.NaN;
  open = Number.NaN;
  high = Number.NaN;
  low = Number.NaN;
  close = Number.NaN;
  private bucket = Number.NaN;
  private readonly sourceMs: number;
  private readonly targetMs: number;
  private pendingOpen = Number.NaN;
  private pendingHigh = Number.NaN;
  private pendingLow = Number.NaN;
  private pendingClose = Number.NaN;

  constructor(
    source: Timeframe,
    readonly target: Timeframe,
    private readonly onBucket: () => void,
  ) {
    this.sourceMs = timeframeMs(source);
    this.targetMs = timeframeMs(target);
    if (this.targetMs < this.sourceMs || this.targetMs % this.sourceMs !== 0) throw new RangeError(`cannot build ${target} bars from ${source} bars`);
  }

  /** Adds bar `i`, completing zero, one or (after a gap) two buckets. */
  push(bars: BarColumns, i: number): void {
    const time = bars.time[i];
    const start = bucketStart(time, this.target);
    if (start !== this.bucket && this.bucket === this.bucket) this.emit();
    if (start !== this.bucket) {
      this.bucket = start;
      this.pendingOpen = bars.open[i];
      this.pendingHigh = bars.high[i];
      this.pendingLow = bars.low[i];
    } else {
      if (bars.high[i] > this.pendingHigh) this.pendingHigh = bars.high[i];
      if (bars.low[i] < this.pendingLow) this.pendingLow = bars.low[i];
    }
    this.pendingClose = bars.close[i];
    if (time + this.sourceMs >= start + this.targetMs) {
      this.emit();
      this.bucket = Number.NaN;
    }
  }

  private emit(): void {
    this.time = this.bucket;
    this.open = this.pendingOpen;
    this.high = this.pendingHigh;
    this.low = this.pendingLow;
    this.close = this.pendingClose;
    this.onBucket();
  }
}
