// Builds coarser bars from finer ones when a provider has no native interval
// (Yahoo has no 4-hour bars and has answered 30m requests with 60m bars).
// Buckets are aligned to the UTC epoch like every Timeframe bucket.
import { bucketStart, timeframeMs, type Bar, type Timeframe } from '@trading/domain';
import type { BarRequest } from './market-data-source.port';

/**
 * The request widened to whole buckets of its timeframe, for the finer bars
 * to aggregate: an edge bucket built from only the finer bars inside the
 * window would pass for a whole bar.
 */
export function alignedToBuckets(request: BarRequest): BarRequest {
  const from = bucketStart(request.from, request.timeframe);
  const to = bucketStart(request.to - 1, request.timeframe) + timeframeMs(request.timeframe);
  return { ...request, from, to };
}

/** `bars` must be sorted by time and share one symbol; spread is the widest of the bucket. */
export function aggregateBars(bars: readonly Bar[], timeframe: Timeframe): Bar[] {
  const out: Bar[] = [];
  let current: { -readonly [K in keyof Bar]: Bar[K] } | undefined;
  for (const bar of bars) {
    const start = bucketStart(bar.time, timeframe);
    if (current && current.time === start) {
      current.high = Math.max(current.high, bar.high);
      current.low = Math.min(current.low, bar.low);
      current.close = bar.close;
      current.volume += bar.volume;
      current.spread = Math.max(current.spread, bar.spread);
      continue;
    }
    if (current) out.push(current);
    current = { ...bar, timeframe, time: start };
  }
  if (current) out.push(current);
  return out;
}
