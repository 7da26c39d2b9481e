// The remote fill of GET /bars (store → sources) against the Yahoo mock serving
// real bars, on the embedded database and the in-memory cache the embedded mode
// uses. A window cached before the provider had published its last bars must not
// keep serving without them once another request has fetched and stored them.
import { Writable } from 'node:stream';
import { MessageFactory } from '@trading/contracts';
import type { BarCache, BarRequest } from '@trading/data-sources';
import { barsBetween, manualSleeper, sharedH1Bars2025, YahooMockServer } from '@trading/data-sources/testing';
import { ManualClock, SeededRandom, type Bar } from '@trading/domain';
import { InProcessBus } from '@trading/messaging';
import { createLogger, ServiceMetrics } from '@trading/observability';
import type { Database } from '@trading/persistence';
import { openTestDatabase } from '@trading/persistence/testing';
import { createBarCache } from './bar-cache.factory';
import { InMemoryLatestQuotes } from './quotes/in-memory.latest-quotes';
import { marketDataMigrations } from './store/migrations';
import { OhlcvBarRepository } from './store/ohlcv-bar.repository';
import { loadMarketDataConfig } from './market-data.config';
import { MarketDataMetrics } from './market-data.metrics';
import { MarketDataService } from './market-data.service';
import { createSourceChain } from './sources/source-chain.factory';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// A Wednesday with all 24 hourly bars in both files.
const day = Date.UTC(2025, 6, 16);

const prices = (bars: readonly Bar[]) => bars.map((bar) => [bar.time, bar.open, bar.high, bar.low, bar.close]);

describe('MarketDataService.bars filling from a remote source', () => {
  const eurusd = sharedH1Bars2025('EURUSD');
  const gbpusd = sharedH1Bars2025('GBPUSD');
  // What the provider has published; the mock reads it on every request.
  const published: Record<string, readonly Bar[]> = {};
  const logged: string[] = [];
  let yahoo: YahooMockServer;
  let database: Database;
  let bus: InProcessBus;
  let service: MarketDataService;
  let cache: BarCache;
  // Half an hour after the day: every bar of it has closed.
  const wallClock = new ManualClock(day + DAY + HOUR / 2);

  beforeAll(async () => {
    yahoo = await YahooMockServer.start({ h1Bars: published });
    database = await openTestDatabase({ kind: 'embedded', migrations: [...marketDataMigrations] });
    const marketClock = new ManualClock(0);
    const logger = createLogger({
      service: 'market-data',
      level: 'warn',
      stream: new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          logged.push(chunk.toString());
          done();
        },
      }),
    });
    const metrics = new MarketDataMetrics(new ServiceMetrics({ service: 'market-data', defaultMetrics: false }), wallClock);
    const config = loadMarketDataConfig({ MARKET_DATA_SOURCES: 'yahoo', YAHOO_BASE_URL: yahoo.url });
    cache = createBarCache(undefined, wallClock, 'market-data', logger);
    bus = new InProcessBus();
    service = new MarketDataService({
      bus,
      messages: new MessageFactory({ clock: marketClock, random: new SeededRandom(7), producer: 'market-data' }),
      marketClock,
      store: new OhlcvBarRepository(database.dataSource, { schema: database.schema }),
      cache,
      latestQuotes: new InMemoryLatestQuotes(wallClock),
      sources: createSourceChain(config.sources, { clock: wallClock, random: new SeededRandom(11), metrics }),
      wallClock,
      metrics,
      logger,
      sleep: manualSleeper(marketClock),
      monotonicMs: () => wallClock.now(),
    });
  });

  afterAll(async () => {
    await yahoo?.close();
    await bus?.close();
    await database?.close();
  });

  it('serves the bars a later fill stored from a window cached before the provider had them', async () => {
    // At first the provider lags: the day is published only up to 20:00.
    published['EURUSD'] = barsBetween(eurusd, day, day + 20 * HOUR);
    published['GBPUSD'] = gbpusd;
    const early = await service.bars('EURUSD', 'H1', day, day + DAY);
    expect(prices(early)).toEqual(prices(barsBetween(eurusd, day, day + 20 * HOUR)));
    const otherSeries: BarRequest = { symbol: 'GBPUSD', timeframe: 'H1', from: day, to: day + DAY };
    expect(prices(await service.bars('GBPUSD', 'H1', otherSeries.from, otherSeries.to))).toEqual(prices(barsBetween(gbpusd, day, day + DAY)));

    // A minute later (Yahoo's rate limit has a token again) the last four bars
    // are out; an overlapping window asks for its tail and stores them.
    wallClock.advance(60_000);
    published['EURUSD'] = eurusd;
    const evening = await service.bars('EURUSD', 'H1', day + 12 * HOUR, day + DAY);
    expect(prices(evening)).toEqual(prices(barsBetween(eurusd, day + 12 * HOUR, day + DAY)));
    const eurusdRequests = () => yahoo.requests.filter((request) => request.path.includes('EURUSD'));
    expect(eurusdRequests().map((request) => Number(request.query.get('period1')) * 1000)).toEqual([day, day + 20 * HOUR]);

    // The whole day again: all 24 bars, read from the store rather than fetched again.
    const whole = await service.bars('EURUSD', 'H1', day, day + DAY);
    expect(prices(whole)).toEqual(prices(barsBetween(eurusd, day, day + DAY)));
    expect(whole).toHaveLength(24);
    expect(eurusdRequests()).toHaveLength(2);
    // Another series' window was not the fill's business: still cached.
    expect(await cache.get(otherSeries)).toHaveLength(24);
    expect(logged).toEqual([]);
  });
});
