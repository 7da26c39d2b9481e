import { sharedData } from '@trading/test-support';
import { aggregateBars } from '../bar-aggregation';
import { SourceError } from '../source.error';
import { barsBetween, sharedH1Bars2025 } from '../../testing/shared-bars.fixture';
import { CsvReplaySource } from './csv-replay.source';

const file = sharedData.fxH1_2025('EURUSD');
const eurusd = sharedH1Bars2025('EURUSD');
const from = Date.UTC(2025, 10, 3);
const to = Date.UTC(2025, 10, 8);

describe('CsvReplaySource over the real EURUSD H1 2025 file', () => {
  const source = CsvReplaySource.fromFile(file);

  it('serves the window of the file, bar for bar', async () => {
    const result = await source.fetchBars({ symbol: 'EURUSD', timeframe: 'H1', from, to });
    expect(source.name).toBe('file:EURUSD_H1.csv.gz');
    expect(result.bars).toHaveLength(120);
    expect(result.bars).toEqual(barsBetween(eurusd, from, to));
  });

  it('builds H4 and D1 from the H1 bars', async () => {
    const h4 = await source.fetchBars({ symbol: 'EURUSD', timeframe: 'H4', from, to });
    expect(h4.bars).toEqual(aggregateBars(barsBetween(eurusd, from, to), 'H4'));
    const d1 = await source.fetchBars({ symbol: 'EURUSD', timeframe: 'D1', from, to });
    expect(d1.bars.map((bar) => new Date(bar.time).getUTCDate())).toEqual([3, 4, 5, 6, 7]);
  });

  it('builds an H4 bar whose window ends mid-bucket from the whole bucket, not from the hours inside the window', async () => {
    // [00:00, 06:00) holds the H4 bars of 00:00 and 04:00; the second is the 04:00..08:00 bar, whole.
    const h4 = await source.fetchBars({ symbol: 'EURUSD', timeframe: 'H4', from, to: from + 6 * 3_600_000 });
    expect(h4.bars).toEqual(aggregateBars(barsBetween(eurusd, from, from + 8 * 3_600_000), 'H4'));
    expect(h4.bars[1].close).toBe(barsBetween(eurusd, from, from + 8 * 3_600_000)[7].close);
  });

  it('refuses a finer timeframe and another symbol', async () => {
    await expect(source.fetchBars({ symbol: 'EURUSD', timeframe: 'M5', from, to })).rejects.toMatchObject({ kind: 'unsupported' });
    await expect(source.fetchBars({ symbol: 'GBPUSD', timeframe: 'H1', from, to })).rejects.toMatchObject({ kind: 'rejected' });
  });

  it('reports a missing file as unavailable and tries again on the next request', async () => {
    const missing = CsvReplaySource.fromFile('/nonexistent/EURUSD_H1.csv');
    const error = await missing.fetchBars({ symbol: 'EURUSD', timeframe: 'H1', from, to }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toContain('no such file');
    await expect(missing.fetchBars({ symbol: 'EURUSD', timeframe: 'H1', from, to })).rejects.toThrow('no such file');
  });
});
