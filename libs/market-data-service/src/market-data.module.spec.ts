// The market-data service booted as its hosts boot it (createMarketDataApp: a
// bus microservice), on the embedded database and the in-process bus, with
// the shared 2025 EURUSD H1 file (3,608 real bars) ingested and replayed through it.
import { Writable } from 'node:stream';
import { lastValueFrom } from 'rxjs';
import { MessageFactory, parseRoutePattern, topics, type MessageEnvelope } from '@trading/contracts';
import { realSleeper } from '@trading/data-sources';
import { ManualClock, SeededRandom } from '@trading/domain';
import { InProcessBus } from '@trading/messaging';
import { BusClientProxy, busConsumersOf, MESSAGE_BUS } from '@trading/messaging/nest';
import { createLogger, ServiceMetrics } from '@trading/observability';
import { OhlcvBarRepository, type Database } from '@trading/persistence';
import { openTestDatabase } from '@trading/persistence/testing';
import { sharedData } from '@trading/test-support';
import { createBarCache } from './bar-cache.factory';
import { MarketDataMetrics } from './market-data.metrics';
import { createMarketDataApp } from './market-data.module';
import { MARKET_DATA_MAY_BE_UNROUTABLE, MarketDataService } from './market-data.service';
import { parseReplaySpeed } from './replay/replay-speed';

jest.setTimeout(120_000);

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('createMarketDataApp', () => {
  let database: Database;
  let bus: InProcessBus;

  beforeAll(async () => {
    database = await openTestDatabase({ kind: 'embedded' });
  });

  afterEach(() => bus?.close());

  afterAll(() => database?.close());

  it('boots the service on the bus transport, replays 3,608 real bars through it, and leaves the bus to its owner on close', async () => {
    // As the hosts open it: market data nobody consumes yet may go nowhere.
    bus = new InProcessBus({ mayBeUnroutable: MARKET_DATA_MAY_BE_UNROUTABLE });
    const bars: MessageEnvelope<'market.bar'>[] = [];
    await bus.consume({ queue: 'module-spec.bars', bindings: [parseRoutePattern('market.bar.H1.EURUSD')], handler: async ({ envelope }) => void bars.push(envelope as MessageEnvelope<'market.bar'>) });
    const wallClock = new ManualClock(Date.UTC(2026, 0, 1));
    const marketClock = new ManualClock(0);
    const logger = createLogger({ service: 'market-data', level: 'warn', stream: new Writable({ write: (_chunk, _encoding, done) => done() }) });
    const app = await createMarketDataApp({
      bus,
      messages: new MessageFactory({ clock: marketClock, random: new SeededRandom(7), producer: 'market-data' }),
      marketClock,
      store: new OhlcvBarRepository(database.dataSource, { schema: database.schema }),
      cache: createBarCache(undefined, wallClock, 'market-data', logger),
      metrics: new MarketDataMetrics(new ServiceMetrics({ service: 'market-data', defaultMetrics: false }), wallClock),
      wallClock,
      logger,
      sleep: realSleeper,
      monotonicMs: () => wallClock.now(),
    });
    expect(busConsumersOf(app)).toEqual([]);
    expect(app.get(MESSAGE_BUS)).toBe(bus);
    expect(app.get(BusClientProxy).unwrap()).toBe(bus);

    const service = app.get(MarketDataService);
    const [feed] = await service.ingest([sharedData.fxH1_2025('EURUSD')]);
    const result = await service.replay([feed], parseReplaySpeed('max'));
    await until(() => bars.length === feed.columns.length, 'every bar to be consumed');
    expect(feed.columns.length).toBe(3608);
    expect(result.barsPublished).toEqual({ EURUSD: feed.columns.length });
    expect(bars).toHaveLength(feed.columns.length);
    expect(bars[0].payload).toMatchObject({ symbol: 'EURUSD', time: feed.columns.time[0], open: feed.columns.open[0], close: feed.columns.close[0] });

    await app.close();
    expect(bus.isReady()).toBe(true);
  });

  it('publishes through the injected BusClientProxy on the bus it was given', async () => {
    bus = new InProcessBus();
    const received: string[] = [];
    await bus.consume({ queue: 'module-spec.quotes', bindings: [parseRoutePattern('market.quote.*')], handler: async ({ envelope }) => void received.push(envelope.id) });
    const clock = new ManualClock(Date.UTC(2025, 6, 16, 12));
    const logger = createLogger({ service: 'market-data', level: 'warn', stream: new Writable({ write: (_chunk, _encoding, done) => done() }) });
    const messages = new MessageFactory({ clock, random: new SeededRandom(3), producer: 'market-data' });
    const app = await createMarketDataApp({
      bus,
      messages,
      marketClock: clock,
      store: new OhlcvBarRepository(database.dataSource, { schema: database.schema }),
      cache: createBarCache(undefined, clock, 'market-data', logger),
      metrics: new MarketDataMetrics(new ServiceMetrics({ service: 'market-data', defaultMetrics: false }), clock),
      wallClock: clock,
      logger,
      sleep: realSleeper,
      monotonicMs: () => clock.now(),
    });
    const quote = messages.create('market.quote', { symbol: 'EURUSD', time: clock.now(), bid: 1.16012, ask: 1.16021 });
    await lastValueFrom(app.get(BusClientProxy).emit(topics.marketQuote('EURUSD'), quote), { defaultValue: undefined });
    await until(() => received.length === 1, 'the quote');
    await app.close();
    expect(received).toEqual([quote.id]);
  });
});
