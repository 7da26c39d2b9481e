// Batch resampling of columnar bars to a coarser timeframe: M1 -> M5 -> M15 ->
// H1 -> H4 -> D1, buckets aligned to UTC (domain's bucketStart). A bucket's
// open is its first bar's open, high the max, low the min, close the last
// bar's close, volume the sum, and spread the WIDEST spread of its bars: the
// cost a strategy could have met inside the bucket, the conservative choice
// for a backtest. A bucket is stamped with its start even when its first bars
// are missing, and partial buckets (at the ends of the data) are kept.
import { type BarColumns, type Timeframe, canResample, timeframeMs } from '@trading/domain';

export function resampleBars(input: BarColumns, target: Timeframe): BarColumns {
  if (!canResample(input.timeframe, target)) throw new RangeError(`cannot resample ${input.timeframe} bars to ${target}: ${target} is not a whole multiple of ${input.timeframe}`);
  const n = input.length;
  const { time, open, high, low, close, volume, spread } = input;
  for (let i = 1; i < n; i++) {
    if (!(time[i] > time[i - 1])) throw new RangeError(`bars must be in strictly increasing time order: bar ${i} (${time[i]}) is not after bar ${i - 1} (${time[i - 1]}); validate them first`);
  }
  const size = timeframeMs(target);
  const out = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
    spread: new Float64Array(n),
  };
  let m = -1;
  let current = Number.NaN;
  for (let i = 0; i < n; i++) {
    // domain's bucketStart, inlined for the loop.
    const bucket = Math.floor(time[i] / size) * size;
    if (bucket !== current) {
      current = bucket;
      m++;
      out.time[m] = bucket;
      out.open[m] = open[i];
      out.high[m] = high[i];
      out.low[m] = low[i];
      out.close[m] = close[i];
      out.volume[m] = volume[i];
      out.spread[m] = spread[i];
      continue;
    }
    if (high[i] > out.high[m]) out.high[m] = high[i];
    if (low[i] < out.low[m]) out.low[m] = low[i];
    out.close[m] = close[i];
    out.volume[m] += volume[i];
    if (spread[i] > out.spread[m]) out.spread[m] = spread[i];
  }
  const length = m + 1;
  return {
    symbol: input.symbol,
    timeframe: target,
    length,
    time: out.time.slice(0, length),
    open: out.open.slice(0, length),
    high: out.high.slice(0, length),
    low: out.low.slice(0, length),
    close: out.close.slice(0, length),
    volume: out.volume.slice(0, length),
    spread: out.spread.slice(0, length),
  };
}
