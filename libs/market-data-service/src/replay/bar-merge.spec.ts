import { emptyBarColumns, type Timeframe, timeframeMs } from '@trading/domain';
import { BarMerge } from './bar-merge';

/** `count` bars of `symbol` on `timeframe` from `start`, one after another. */
function series(symbol: string, timeframe: Timeframe, start: number, count: number) {
  const columns = emptyBarColumns(symbol, timeframe, count);
  for (let i = 0; i < count; i++) columns.time[i] = start + i * timeframeMs(timeframe);
  return columns;
}

describe('BarMerge', () => {
  it('orders bars by close time and, at one close time, by symbol then the finer timeframe, whatever order the files came in', () => {
    const start = Date.UTC(2025, 0, 6);
    const given = [series('GBPUSD', 'H1', start, 2), series('EURUSD', 'H1', start, 2), series('EURUSD', 'M30', start, 4)];
    const merge = new BarMerge(given);
    const order: string[] = [];
    for (let cursor = merge.next(); cursor.series >= 0; cursor = merge.next()) {
      const columns = given[cursor.series];
      order.push(`${(columns.time[cursor.row] + timeframeMs(columns.timeframe) - start) / 60_000} ${columns.symbol} ${columns.timeframe}`);
    }
    expect(order).toEqual(['30 EURUSD M30', '60 EURUSD M30', '60 EURUSD H1', '60 GBPUSD H1', '90 EURUSD M30', '120 EURUSD M30', '120 EURUSD H1', '120 GBPUSD H1']);
  });
});
