import { ManualClock, SeededRandom } from '@trading/domain';
import { AlphaVantageSource } from '../sources/alpha-vantage/alpha-vantage.source';
import type { BarRequest, MarketDataSource } from '../sources/market-data-source.port';
import { SourceError } from '../sources/source.error';
import { YahooChartSource } from '../sources/yahoo/yahoo-chart.source';
import { AlphaVantageMockServer } from '../testing/alpha-vantage.mock-server';
import { barsBetween, sharedH1Bars2025 } from '../testing/shared-bars.fixture';
import { YahooMockServer } from '../testing/yahoo.mock-server';
import { AllSourcesFailedError, FailoverSource, type GuardedSource } from './failover.source';
import { ResilientSource, type ResilienceSettings } from './resilient.source';
import { manualSleeper } from './sleeper';

const eurusd = sharedH1Bars2025('EURUSD');
const from = Date.UTC(2025, 10, 4);
const request: BarRequest = { symbol: 'EURUSD', timeframe: 'H1', from, to: from + 12 * 3_600_000 };
const realBars = barsBetween(eurusd, request.from, request.to).map((bar) => ({ ...bar, volume: 0, spread: 0 }));
const settings: ResilienceSettings = {
  rateLimit: { requests: 50, perMs: 1000 },
  timeoutMs: 2000,
  retry: { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 1000 },
  breaker: { failureThreshold: 2, coolDownMs: 30_000 },
};

describe('FailoverSource over Yahoo then Alpha Vantage', () => {
  let yahooMock: YahooMockServer;
  let avMock: AlphaVantageMockServer;
  let clock: ManualClock;
  let yahoo: ResilientSource;
  let alphaVantage: ResilientSource;
  let failover: FailoverSource;
  let failovers: string[];

  beforeAll(async () => {
    yahooMock = await YahooMockServer.start({ h1Bars: { EURUSD: eurusd } });
    avMock = await AlphaVantageMockServer.start({ apiKey: 'k', h1Bars: { EURUSD: eurusd } });
  });
  afterAll(async () => {
    await yahooMock.close();
    await avMock.close();
  });
  beforeEach(() => {
    yahooMock.scenario = 'healthy';
    avMock.scenario = 'healthy';
    clock = new ManualClock(Date.UTC(2025, 10, 5));
    const deps = { clock, random: new SeededRandom(11), sleep: manualSleeper(clock) };
    yahoo = new ResilientSource(new YahooChartSource({ baseUrl: yahooMock.url }, clock), settings, deps);
    alphaVantage = new ResilientSource(new AlphaVantageSource({ baseUrl: avMock.url, apiKey: 'k' }), settings, deps);
    failover = new FailoverSource([yahoo, alphaVantage], clock);
    failovers = [];
    failover.addListener({ onFailover: ({ from: source, kind }) => failovers.push(`${source}: ${kind}`) });
  });

  it('serves from the first source while it is healthy', async () => {
    const result = await failover.fetchBars(request);
    expect(result.source).toBe('yahoo');
    expect(result.bars).toEqual(realBars);
    expect(result.attempts.map((a) => a.outcome)).toEqual(['served']);
  });

  it('fails over to the second source, opens the first breaker, and closes it again once the first recovers', async () => {
    yahooMock.scenario = 'server-error';
    const first = await failover.fetchBars(request);
    expect(first.source).toBe('alpha-vantage');
    expect(first.bars).toEqual(realBars);
    expect(first.attempts.map((a) => `${a.source}:${a.outcome}`)).toEqual(['yahoo:failed', 'alpha-vantage:served']);
    // The failed attempt's latency is its one retry backoff on the injected clock: equal jitter on
    // 100 ms, 50 + 50 × 0.00048 (SeededRandom(11)'s first float) = 50 ms.
    expect(first.attempts[0].latencyMs).toBe(50);

    await failover.fetchBars(request);
    expect(yahoo.breaker.state).toBe('open');
    const yahooRequests = yahooMock.requests.length;

    yahooMock.scenario = 'healthy';
    const whileOpen = await failover.fetchBars(request);
    expect(whileOpen.source).toBe('alpha-vantage');
    expect(whileOpen.attempts.map((a) => `${a.source}:${a.outcome}`)).toEqual(['yahoo:skipped', 'alpha-vantage:served']);
    expect(yahooMock.requests.length).toBe(yahooRequests);

    clock.advance(30_000);
    expect(yahoo.breaker.state).toBe('half-open');
    const recovered = await failover.fetchBars(request);
    expect(recovered.source).toBe('yahoo');
    expect(recovered.bars).toEqual(realBars);
    expect(yahoo.breaker.state).toBe('closed');

    expect(failovers).toEqual(['yahoo: unavailable', 'yahoo: unavailable', 'yahoo: circuit-open']);
    expect(failover.statistics().map((s) => [s.source, s.served, s.failed, s.skipped])).toEqual([
      ['yahoo', 1, 2, 1],
      ['alpha-vantage', 3, 0, 0],
    ]);
  });

  it('fails over when Alpha Vantage-style rate-limit bodies come back with HTTP 200', async () => {
    failover = new FailoverSource([alphaVantage, yahoo], clock);
    avMock.scenario = 'daily-limit';
    const result = await failover.fetchBars(request);
    expect(result.source).toBe('yahoo');
    expect(result.attempts[0].error?.kind).toBe('rate-limited');
  });

  it('does not pass on invalid bars: the source that sent them counts as failed', async () => {
    const outOfWindow: MarketDataSource = {
      name: 'stale-cache',
      fetchBars: async () => ({ source: 'stale-cache', bars: barsBetween(eurusd, from - 3_600_000, from + 3_600_000), dropped: [] }),
    };
    const guarded = new ResilientSource(outOfWindow, settings, { clock, random: new SeededRandom(1), sleep: manualSleeper(clock) });
    failover = new FailoverSource([guarded, yahoo], clock);
    const result = await failover.fetchBars(request);
    expect(result.source).toBe('yahoo');
    expect(result.attempts[0].error?.kind).toBe('invalid-data');
    expect(result.attempts[0].error?.message).toContain('time outside the requested window');
  });

  it('moves on from a source that met an abort its caller did not make, but stops at once on its own caller\'s abort', async () => {
    const sharedLoginGaveUp: GuardedSource = {
      name: 'ig',
      isAvailable: () => true,
      fetchBars: async () => {
        throw new SourceError('ig', 'aborted', 'login aborted by another caller', { retryable: false });
      },
    };
    failover = new FailoverSource([sharedLoginGaveUp, yahoo], clock);
    const result = await failover.fetchBars(request);
    expect(result.source).toBe('yahoo');
    expect(result.attempts.map((a) => [a.source, a.outcome, a.error?.kind])).toEqual([
      ['ig', 'failed', 'aborted'],
      ['yahoo', 'served', undefined],
    ]);
    const controller = new AbortController();
    const stopping: GuardedSource = {
      name: 'ig',
      isAvailable: () => true,
      fetchBars: async () => {
        controller.abort();
        throw new SourceError('ig', 'aborted', 'caller aborted', { retryable: false });
      },
    };
    failover = new FailoverSource([stopping, yahoo], clock);
    await expect(failover.fetchBars(request, { signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('names every failure when no source can serve', async () => {
    yahooMock.scenario = 'range-limit';
    avMock.scenario = 'premium';
    const error = await failover.fetchBars(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AllSourcesFailedError);
    expect((error as AllSourcesFailedError).attempts.map((a) => a.error?.kind)).toEqual(['rejected', 'unsupported']);
    expect((error as Error).message).toContain('within the last 730 days');
    expect((error as Error).message).toContain('premium-only endpoint');
  });
});
