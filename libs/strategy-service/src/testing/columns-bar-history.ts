// BarHistory over bar files already in memory: what market-data would answer
// from its store, and every question asked, for the specs to check.
import { type Bar, type BarColumns, type Timeframe, barAt } from '@trading/domain';
import type { BarHistory } from '@trading/runtime';

export class ColumnsBarHistory implements BarHistory {
  readonly requests: Array<{ symbol: string; timeframe: Timeframe; from: number; to: number }> = [];
  /** Answers fail with this while set (market-data down). */
  failure: Error | undefined;

  constructor(private readonly feeds: readonly BarColumns[]) {}

  async bars(symbol: string, timeframe: Timeframe, from: number, to: number): Promise<readonly Bar[]> {
    this.requests.push({ symbol, timeframe, from, to });
    if (this.failure !== undefined) throw this.failure;
    const feed = this.feeds.find((candidate) => candidate.symbol === symbol && candidate.timeframe === timeframe);
    if (feed === undefined) return [];
    const bars: Bar[] = [];
    for (let i = firstAtOrAfter(feed.time, from); i < feed.length && feed.time[i] < to; i++) bars.push(barAt(feed, i));
    return bars;
  }
}

function firstAtOrAfter(times: ArrayLike<number>, time: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (times[middle] < time) low = middle + 1;
    else high = middle;
  }
  return low;
}
