import { ManualClock } from '@trading/domain';
import { aggregateBars } from '../bar-aggregation';
import { barsBetween, sharedH1Bars2025 } from '../../testing/shared-bars.fixture';
import { YahooMockServer } from '../../testing/yahoo.mock-server';
import { YahooChartSource } from './yahoo-chart.source';
import { sourceFailure } from '../../testing/source-failure';

const eurusd = sharedH1Bars2025('EURUSD');
// Tuesday 2025-07-01 00:00Z .. Friday 2025-07-04 00:00Z: 72 real hourly bars.
const from = Date.UTC(2025, 6, 1);
const to = Date.UTC(2025, 6, 4);
const request = { symbol: 'EURUSD', timeframe: 'H1', from, to } as const;

describe('YahooChartSource against the local Yahoo mock', () => {
  let mock: YahooMockServer;
  let source: YahooChartSource;

  beforeAll(async () => {
    mock = await YahooMockServer.start({ h1Bars: { EURUSD: eurusd } });
    source = new YahooChartSource({ baseUrl: mock.url }, new ManualClock(to));
  });
  afterAll(() => mock.close());
  beforeEach(() => {
    mock.scenario = 'healthy';
  });

  it('asks for EURUSD=X at 60m over the window in epoch seconds and returns the real bars', async () => {
    const result = await source.fetchBars(request);
    const last = mock.requests[mock.requests.length - 1];
    expect(last.path).toBe('/v8/finance/chart/EURUSD=X');
    expect(last.query.get('interval')).toBe('60m');
    expect(last.query.get('period1')).toBe(String(from / 1000));
    expect(last.query.get('period2')).toBe(String(to / 1000));
    expect(String(last.headers['user-agent'])).toContain('Mozilla');
    const expected = barsBetween(eurusd, from, to).map((bar) => ({ ...bar, volume: 0, spread: 0 }));
    expect(expected).toHaveLength(72);
    expect(result.bars).toEqual(expected);
    expect(result.bars[0]).toMatchObject({ time: from, open: 1.17815, close: 1.17805 });
    expect(result.dropped).toEqual([]);
  });

  it('drops bars with null prices and reports them instead of turning them into zeros', async () => {
    mock.scenario = 'nulls';
    const result = await source.fetchBars(request);
    // Nulls at indices 3, 13, ..., 63 (close) and 5, 15, ..., 65 (open): 7 + 7 of 72.
    expect(result.dropped).toHaveLength(14);
    expect(result.dropped[0]).toEqual({ time: from + 3 * 3_600_000, reason: 'null close' });
    expect(result.dropped[1]).toEqual({ time: from + 5 * 3_600_000, reason: 'null open' });
    expect(result.bars).toHaveLength(58);
    expect(result.bars.every((bar) => bar.open > 1 && bar.close > 1)).toBe(true);
    expect(result.bars.map((bar) => bar.time)).not.toContain(from + 3 * 3_600_000);
  });

  it('drops the rows a ragged response has no prices for', async () => {
    mock.scenario = 'ragged';
    const result = await source.fetchBars(request);
    expect(result.bars).toHaveLength(70);
    expect(result.dropped.map((row) => row.reason)).toEqual([
      'price arrays shorter than timestamp (ragged response)',
      'price arrays shorter than timestamp (ragged response)',
    ]);
  });

  it('drops a forming bar that is off the hourly grid', async () => {
    mock.scenario = 'forming-bar';
    const result = await source.fetchBars(request);
    expect(result.bars).toHaveLength(72);
    expect(result.dropped).toEqual([{ time: Date.UTC(2025, 6, 3, 23, 20, 34), reason: 'not on the H1 grid (forming bar)' }]);
  });

  it('reads the no-data shape (no timestamp key) as an empty window', async () => {
    mock.scenario = 'no-data';
    const result = await source.fetchBars(request);
    expect(result.bars).toEqual([]);
  });

  it('moves summer daily bars stamped at London midnight (23:00Z) to UTC midnight', async () => {
    const result = await source.fetchBars({ symbol: 'EURUSD', timeframe: 'D1', from, to });
    expect(mock.requests[mock.requests.length - 1].query.get('interval')).toBe('1d');
    const expected = aggregateBars(barsBetween(eurusd, from, to), 'D1').map((bar) => ({ ...bar, volume: 0, spread: 0 }));
    expect(result.bars.map((bar) => bar.time)).toEqual([from, from + 86_400_000, from + 2 * 86_400_000]);
    expect(result.bars).toEqual(expected);
  });

  it('drops the next day\'s bar (stamped 23:00Z, before period2) and a forming row after it: both fall outside the window', async () => {
    mock.scenario = 'forming-bar';
    const result = await source.fetchBars({ symbol: 'EURUSD', timeframe: 'D1', from, to });
    expect(result.bars.map((bar) => bar.time)).toEqual([from, from + 86_400_000, from + 2 * 86_400_000]);
    expect(result.dropped).toEqual([
      { time: to, reason: 'outside the requested window' },
      { time: to, reason: 'outside the requested window' },
    ]);
  });

  it('builds H4 bars from 60m bars, whole buckets only', async () => {
    const result = await source.fetchBars({ symbol: 'EURUSD', timeframe: 'H4', from: from + 3_600_000, to });
    const expected = aggregateBars(barsBetween(eurusd, from, to), 'H4')
      .filter((bar) => bar.time >= from + 3_600_000)
      .map((bar) => ({ ...bar, volume: 0, spread: 0 }));
    expect(result.bars).toHaveLength(17);
    expect(result.bars).toEqual(expected);
  });

  it('reports an unknown symbol as a rejected request, not retryable', async () => {
    const error = await sourceFailure(source.fetchBars({ ...request, symbol: 'GBPUSD' }));
    expect(error.kind).toBe('rejected');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('No data found, symbol may be delisted');
  });

  it('reports a range beyond Yahoo limits (422) as rejected', async () => {
    mock.scenario = 'range-limit';
    const error = await sourceFailure(source.fetchBars(request));
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('within the last 730 days');
  });

  it('reports the plain-text 429 as a retryable rate limit', async () => {
    mock.scenario = 'too-many-requests';
    const error = await sourceFailure(source.fetchBars(request));
    expect([error.kind, error.retryable, error.status]).toEqual(['rate-limited', true, 429]);
    expect(error.message).toContain('Edge: Too Many Requests');
  });

  it('reports the outage page and a 500 as unavailable', async () => {
    mock.scenario = 'outage-page';
    expect((await sourceFailure(source.fetchBars(request))).kind).toBe('unavailable');
    mock.scenario = 'server-error';
    expect((await sourceFailure(source.fetchBars(request))).kind).toBe('unavailable');
  });

  it('reports truncated JSON as malformed', async () => {
    mock.scenario = 'malformed-json';
    const error = await sourceFailure(source.fetchBars(request));
    expect(error.kind).toBe('malformed');
  });

  it('gives up on a server that never answers when the caller aborts', async () => {
    mock.scenario = 'hang';
    const error = await sourceFailure(source.fetchBars(request, { signal: AbortSignal.timeout(100) }));
    expect(error.kind).toBe('aborted');
  });
});
