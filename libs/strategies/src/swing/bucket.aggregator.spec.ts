import { emptyBarColumns } from '@trading/domain';
import { BucketAggregator } from './bucket.aggregator';

describe('BucketAggregator', () => {
  it('completes an H4 bar on its last H1 bar, and a gapped one when the next bucket starts', () => {
    const bars = emptyBarColumns('EURUSD', 'H1', 6);
    // 00:00..03:00 (full bucket), then 04:00 and 05:00, then 09:00 after a gap.
    [0, 1, 2, 3, 4, 5].forEach((k, i) => {
      bars.time[i] = Date.UTC(2022, 0, 4, k === 5 ? 9 : k);
      bars.open[i] = 1 + i;
      bars.high[i] = 10 + i;
      bars.low[i] = 1 + i - 0.5;
      bars.close[i] = 2 + i;
    });
    const done: number[][] = [];
    const aggregator: BucketAggregator = new BucketAggregator('H1', 'H4', () => done.push([aggregator.time, aggregator.open, aggregator.high, aggregator.low, aggregator.close]));
    const completedAt: number[] = [];
    for (let i = 0; i < bars.length; i++) {
      const before = done.length;
      aggregator.push(bars, i);
      if (done.length > before) completedAt.push(i);
    }
    expect(completedAt).toEqual([3, 5]);
    expect(done).toEqual([
      [Date.UTC(2022, 0, 4, 0), 1, 13, 0.5, 5],
      [Date.UTC(2022, 0, 4, 4), 5, 14, 4.5, 6],
    ]);
  });
});
