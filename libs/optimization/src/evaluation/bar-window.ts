// Cutting the run's bars to one window, and the strategy wrapper that lets a
// strategy warm up on the bars before the window without trading on them: it
// sees every bar (its indicators fill), but its signals are dropped until the
// first bar of the window, so the account is flat and untouched until then.
import type { BarColumns } from '@trading/domain';
import type { Strategy, StrategyDefinition } from '@trading/strategies';

/** Index of the first bar starting at or after `time` (binary search; bars are in time order). */
export function firstIndexAtOrAfter(bars: BarColumns, time: number): number {
  let low = 0;
  let high = bars.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (bars.time[middle] < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Bars [from, to) by index, sharing the arrays (no copy). */
export function sliceBars(bars: BarColumns, from: number, to: number): BarColumns {
  return {
    symbol: bars.symbol,
    timeframe: bars.timeframe,
    length: Math.max(0, to - from),
    time: bars.time.subarray(from, to),
    open: bars.open.subarray(from, to),
    high: bars.high.subarray(from, to),
    low: bars.low.subarray(from, to),
    close: bars.close.subarray(from, to),
    volume: bars.volume.subarray(from, to),
    spread: bars.spread.subarray(from, to),
  };
}

/** The same strategy, whose signals count only from the bar starting at `tradeFrom` on. */
export function tradingFrom(definition: StrategyDefinition, tradeFrom: number): StrategyDefinition {
  return {
    ...definition,
    create: (parameters, context) => {
      const inner = definition.create(parameters, context);
      const strategy: Strategy = {
        name: inner.name,
        warmupBars: inner.warmupBars,
        onBar: (bars, index) => {
          const signal = inner.onBar(bars, index);
          return bars.time[index] >= tradeFrom ? signal : undefined;
        },
      };
      return strategy;
    },
  };
}
