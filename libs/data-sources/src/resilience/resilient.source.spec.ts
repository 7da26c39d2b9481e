import { ManualClock, SeededRandom, type Bar } from '@trading/domain';
import type { BarRequest, MarketDataSource, SourceResult } from '../sources/market-data-source.port';
import { SourceError } from '../sources/source.error';
import { YahooChartSource } from '../sources/yahoo/yahoo-chart.source';
import { sharedH1Bars2025 } from '../testing/shared-bars.fixture';
import { YahooMockServer } from '../testing/yahoo.mock-server';
import { ResilientSource, type ResilienceSettings, type RetryEvent } from './resilient.source';
import { manualSleeper } from './sleeper';

const from = Date.UTC(2025, 6, 1);
const request: BarRequest = { symbol: 'EURUSD', timeframe: 'H1', from, to: from + 6 * 3_600_000 };
const settings: ResilienceSettings = {
  rateLimit: { requests: 100, perMs: 1000 },
  // Generous, so a cold first request under a loaded test run is not mistaken for a hang.
  timeoutMs: 3000,
  retry: { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 2000 },
  breaker: { failureThreshold: 2, coolDownMs: 60_000 },
};

describe('ResilientSource around the Yahoo source', () => {
  let mock: YahooMockServer;
  let clock: ManualClock;
  let resilient: ResilientSource;
  let sleep: ReturnType<typeof manualSleeper>;
  let retries: RetryEvent[];

  beforeAll(async () => {
    mock = await YahooMockServer.start({ h1Bars: { EURUSD: sharedH1Bars2025('EURUSD') } });
  });
  afterAll(() => mock.close());
  beforeEach(() => {
    mock.scenario = 'healthy';
    mock.queued.length = 0;
    clock = new ManualClock(Date.UTC(2025, 6, 2));
    sleep = manualSleeper(clock);
    resilient = new ResilientSource(new YahooChartSource({ baseUrl: mock.url }, clock), settings, { clock, random: new SeededRandom(7), sleep });
    retries = [];
    resilient.onRetry((event) => retries.push(event));
  });

  it('retries a 500 and a 429 with growing backoff, then returns the bars', async () => {
    mock.queued.push('server-error', 'too-many-requests');
    const result = await resilient.fetchBars(request);
    expect(result.bars).toHaveLength(6);
    expect(retries.map((r) => [r.attempt, r.error.kind])).toEqual([
      [1, 'unavailable'],
      [2, 'rate-limited'],
    ]);
    // Equal jitter on 200 ms doubling: half fixed, half from SeededRandom(7), whose first two
    // floats are 0.23383 and 0.44891: 100 + 0.23383 × 100 = 123, 200 + 0.44891 × 200 = 290.
    expect(sleep.waits).toEqual([123, 290]);
    expect(resilient.breaker.state).toBe('closed');
  });

  it('turns a server that never answers into a timeout after timeoutMs, and retries it', async () => {
    await resilient.fetchBars(request);
    // The attempt's timeout is a real timer: long enough that the healthy retry answers within it on a loaded machine.
    const impatient = new ResilientSource(
      new YahooChartSource({ baseUrl: mock.url }, clock),
      { ...settings, timeoutMs: 1000 },
      { clock, random: new SeededRandom(7), sleep },
    );
    impatient.onRetry((event) => retries.push(event));
    mock.queued.push('hang');
    const result = await impatient.fetchBars(request);
    expect(retries.map((r) => [r.attempt, r.error.kind, r.delayMs])).toEqual([[1, 'timeout', 123]]);
    expect(retries[0].error.message).toBe('yahoo: timeout: no answer within 1000 ms for EURUSD H1 2025-07-01T00:00:00.000Z..2025-07-01T06:00:00.000Z');
    expect(result.bars).toHaveLength(6);
  });

  it('does not retry a rejected request and leaves the breaker closed', async () => {
    mock.scenario = 'range-limit';
    await expect(resilient.fetchBars(request)).rejects.toMatchObject({ kind: 'rejected' });
    await expect(resilient.fetchBars(request)).rejects.toMatchObject({ kind: 'rejected' });
    expect(retries).toEqual([]);
    expect(resilient.breaker.state).toBe('closed');
  });

  it('opens the breaker after failed calls and stops asking the server', async () => {
    mock.scenario = 'server-error';
    await expect(resilient.fetchBars(request)).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(resilient.fetchBars(request)).rejects.toMatchObject({ kind: 'unavailable' });
    expect(resilient.breaker.state).toBe('open');
    const asked = mock.requests.length;
    await expect(resilient.fetchBars(request)).rejects.toMatchObject({ kind: 'circuit-open' });
    expect(mock.requests.length).toBe(asked);
    expect(resilient.isAvailable()).toBe(false);
  });

  it('waits for its rate limiter between requests', async () => {
    const limited = new ResilientSource(
      new YahooChartSource({ baseUrl: mock.url }, clock),
      { ...settings, rateLimit: { requests: 2, perMs: 60_000, burst: 1 } },
      { clock, random: new SeededRandom(1), sleep },
    );
    const start = clock.now();
    await limited.fetchBars(request);
    await limited.fetchBars(request);
    expect(clock.now() - start).toBe(30_000);
  });

  it('stops retrying when the caller aborts during the backoff, without blaming the source', async () => {
    mock.queued.push('server-error');
    const controller = new AbortController();
    resilient.onRetry(() => controller.abort(new Error('shutting down')));
    const error = await resilient.fetchBars(request, { signal: controller.signal }).catch((e: unknown) => e);
    expect((error as SourceError).kind).toBe('aborted');
    expect(resilient.breaker.consecutiveFailures).toBe(0);
  });

  it('treats bars that fail validation as a failure of the source', async () => {
    const broken: MarketDataSource = {
      name: 'broken',
      fetchBars: async (req): Promise<SourceResult> => {
        const bar: Bar = { symbol: 'EURUSD', timeframe: 'H1', time: req.from, open: 1.1, high: 1.09, low: 1.08, close: 1.1, volume: 0, spread: 0 };
        return { source: 'broken', bars: [bar], dropped: [] };
      },
    };
    const guarded = new ResilientSource(broken, settings, { clock, random: new SeededRandom(1), sleep });
    const error = await guarded.fetchBars(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).kind).toBe('invalid-data');
    expect((error as SourceError).message).toContain('OHLC inconsistent');
    expect(guarded.breaker.consecutiveFailures).toBe(1);
  });

  it('drops the day still forming (and H4 buckets of the hours so far) instead of passing them on as closed bars', async () => {
    // Thursday 2025-07-03 14:30Z: the D1 bar of the 3rd and the H4 bar of 12:00 have not closed.
    const midDay = new ManualClock(Date.UTC(2025, 6, 3, 14, 30));
    const guarded = new ResilientSource(new YahooChartSource({ baseUrl: mock.url }, midDay), settings, { clock: midDay, random: new SeededRandom(1), sleep });
    const daily = await guarded.fetchBars({ symbol: 'EURUSD', timeframe: 'D1', from, to: Date.UTC(2025, 6, 4) });
    expect(daily.bars.map((bar) => bar.time)).toEqual([from, Date.UTC(2025, 6, 2)]);
    expect(daily.dropped).toContainEqual({ time: Date.UTC(2025, 6, 3), reason: 'forming bar: closes at 2025-07-04T00:00:00.000Z, after now (2025-07-03T14:30:00.000Z)' });
    const h4 = await guarded.fetchBars({ symbol: 'EURUSD', timeframe: 'H4', from: Date.UTC(2025, 6, 3), to: Date.UTC(2025, 6, 3, 16) });
    expect(h4.bars.map((bar) => new Date(bar.time).getUTCHours())).toEqual([0, 4, 8]);
    expect(h4.dropped.map((row) => row.time)).toEqual([Date.UTC(2025, 6, 3, 12)]);
  });
});
