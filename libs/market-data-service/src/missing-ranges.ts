// Which parts of a requested window the store does not cover, so only those are
// asked of the remote sources: the head before the first stored bar and the
// tail after the last one, up to the bar still forming. A hole that is only the
// FX weekend is not missing. Holes inside the stored span (a holiday, an outage)
// are left as they are: the store's data is what was validated when it came in.
import { isWeekendGap, type BarRequest } from '@trading/data-sources';
import { bucketStart, timeframeMs, type Bar } from '@trading/domain';

export function missingRanges(stored: readonly Bar[], request: BarRequest, now: number): BarRequest[] {
  const step = timeframeMs(request.timeframe);
  // Bars starting at or after the current bucket have not closed yet.
  const end = Math.min(request.to, bucketStart(now, request.timeframe));
  if (end <= request.from) return [];
  if (stored.length === 0) return [{ ...request, to: end }];
  const missing: BarRequest[] = [];
  const first = stored[0].time;
  if (first > request.from && !isWeekendGap(request.from - step, first, step)) missing.push({ ...request, to: first });
  const afterLast = stored[stored.length - 1].time + step;
  if (afterLast < end && !isWeekendGap(afterLast - step, end, step)) missing.push({ ...request, from: afterLast, to: end });
  return missing;
}
