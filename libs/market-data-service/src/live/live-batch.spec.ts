import { sharedH1Bars2025 } from '@trading/data-sources/testing';
import type { Bar } from '@trading/domain';
import { validateLiveBatch } from './live-batch';
import { barsToColumns, type LiveCandidates } from './live-feed';

describe('validating a live poll against the stored bars before it', () => {
  const eurusd = sharedH1Bars2025('EURUSD');
  // Wednesday 2025-07-16: 200 stored bars up to 09:00, then the poll's rows.
  const start = eurusd.findIndex((bar) => bar.time === Date.UTC(2025, 6, 16, 10));
  const context = barsToColumns('EURUSD', 'H1', eurusd.slice(start - 200, start));
  const [b10, b11, b12, b13] = eurusd.slice(start, start + 4);
  const fileRows = (bars: readonly Bar[], first: number): LiveCandidates => ({
    columns: barsToColumns('EURUSD', 'H1', bars),
    rows: Int32Array.from(bars, (_, index) => first + index),
    source: 'csv',
    dropped: [],
  });

  it('passes clean rows on, with no findings, and reads through the newest', () => {
    const batch = validateLiveBatch(context, fileRows([b10, b11], 900));
    expect(batch.bars).toEqual([b10, b11]);
    expect(batch.findings).toEqual([]);
    expect([batch.dropped, batch.rejected, batch.through]).toEqual([0, 0, b11.time]);
  });

  it('drops a repeated row, rejects an inconsistent one, reports the gap it leaves, and counts each row once', () => {
    const broken: Bar = { ...b12, high: b12.low - 0.0001 };
    const batch = validateLiveBatch(context, fileRows([b10, b10, broken, b13], 900));
    expect(batch.bars).toEqual([b10, b13]);
    expect(batch.findings.map(({ kind, row, outcome, time }) => [kind, row, outcome, time])).toEqual([
      ['duplicate', 901, 'dropped', b10.time],
      ['ohlc', 902, 'rejected', b12.time],
      ['gap', 903, 'reported', b13.time],
    ]);
    expect([batch.dropped, batch.rejected, batch.through]).toEqual([1, 1, b13.time]);
  });

  it('finds a spike against the recent stored prices and passes the bar on, reported', () => {
    const spike: Bar = { ...b10, high: b10.close * 1.03, close: b10.close * 1.03 };
    const batch = validateLiveBatch(context, fileRows([spike], 900));
    expect(batch.bars).toEqual([spike]);
    expect(batch.findings.map(({ kind, outcome }) => [kind, outcome])).toEqual([['spike', 'reported']]);
  });

  it('leaves the row out of findings of a streamed source, and reads through nothing when there is nothing', () => {
    const streamed: LiveCandidates = { columns: barsToColumns('EURUSD', 'H1', [b10, b10]), source: 'yahoo', dropped: [] };
    const batch = validateLiveBatch(context, streamed);
    expect(batch.findings).toHaveLength(1);
    expect('row' in batch.findings[0]).toBe(false);
    const empty = validateLiveBatch(context, { ...streamed, columns: barsToColumns('EURUSD', 'H1', []) });
    expect([empty.bars, empty.findings, empty.through]).toEqual([[], [], undefined]);
  });
});
