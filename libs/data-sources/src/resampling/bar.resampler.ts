// Streaming resampling for services and the backtester: push finer bars in
// time order, get coarser bars back as soon as they are complete. The rules
// are those of resampleBars (UTC buckets, first/max/min/last/sum, widest
// spread). A bucket is complete when a bar of a later bucket arrives, when the
// bar filling its last slot arrives, or when the clock passes its end
// (closeUntil); flush() hands over a partial bucket at the end of a stream.
import { type Bar, type Timeframe, bucketStart, canResample, timeframeMs } from '@trading/domain';

type MutableBar = { -readonly [K in keyof Bar]: Bar[K] };

const NOTHING: readonly Bar[] = Object.freeze([]);

export class BarResampler {
  private readonly size: number;
  private current: MutableBar | undefined;
  private symbol: string | undefined;
  private lastTime = -Infinity;

  constructor(readonly target: Timeframe) {
    this.size = timeframeMs(target);
  }

  /** Adds a bar; returns the bars it completed (none, one, or two when it also fills its own bucket). */
  push(bar: Bar): readonly Bar[] {
    if (!canResample(bar.timeframe, this.target)) throw new RangeError(`cannot resample ${bar.timeframe} bars to ${this.target}`);
    if (this.symbol !== undefined && bar.symbol !== this.symbol) throw new RangeError(`resampler for ${this.symbol} got a ${bar.symbol} bar`);
    if (!(bar.time > this.lastTime)) throw new RangeError(`${bar.symbol} ${bar.timeframe} bar at ${bar.time} is not after the previous bar at ${this.lastTime}`);
    this.symbol = bar.symbol;
    this.lastTime = bar.time;
    const start = bucketStart(bar.time, this.target);
    let completed: Bar[] | undefined;
    const current = this.current;
    if (current && current.time === start) {
      if (bar.high > current.high) current.high = bar.high;
      if (bar.low < current.low) current.low = bar.low;
      current.close = bar.close;
      current.volume += bar.volume;
      if (bar.spread > current.spread) current.spread = bar.spread;
    } else {
      if (current) completed = [current];
      this.current = { ...bar, timeframe: this.target, time: start };
    }
    // The bar filling the bucket's last slot completes it now, not one bar later.
    if (bar.time + timeframeMs(bar.timeframe) >= start + this.size && this.current) {
      (completed ??= []).push(this.current);
      this.current = undefined;
    }
    return completed ?? NOTHING;
  }

  /** Completes the open bucket if `timeMs` is at or past its end (a quiet market sends no next bar). */
  closeUntil(timeMs: number): Bar | undefined {
    const current = this.current;
    if (!current || timeMs < current.time + this.size) return undefined;
    this.current = undefined;
    return current;
  }

  /** Hands over the open bucket, complete or not (end of a replay). */
  flush(): Bar | undefined {
    const current = this.current;
    this.current = undefined;
    return current;
  }
}
