// What the live-mode specs share: a poller on a migrated database, its outbox
// relayed into a list (drained by hand, so nothing is waited for), the
// in-memory latest quotes and bar cache, and a metrics registry to read.
import { Writable } from 'node:stream';
import { MessageFactory, type Envelope } from '@trading/contracts';
import { InMemoryBarCache, type Sleeper } from '@trading/data-sources';
import { ManualClock, SeededRandom, type Quote } from '@trading/domain';
import { createLogger, ServiceMetrics, type Logger } from '@trading/observability';
import { OutboxRelay, type Database } from '@trading/persistence';
import { openTestDatabase } from '@trading/persistence/testing';
import { MarketDataMetrics } from '../market-data.metrics';
import { InMemoryLatestQuotes } from '../quotes/in-memory.latest-quotes';
import { LatestQuoteWriter } from '../quotes/latest-quote.writer';
import { marketDataMigrations } from '../store/migrations';
import { OhlcvBarRepository } from '../store/ohlcv-bar.repository';
import type { LiveFeed } from '../live/live-feed';
import { LivePoller, type LivePollerSettings } from '../live/live-poller';
import { LivePublisher } from '../live/live-publisher';

export const LIVE_SETTINGS: LivePollerSettings = { settleMs: 5_000, retryMs: 60_000, lookbackBars: 500 };

export interface Relayed {
  readonly topic: string;
  readonly envelope: Envelope;
}

export class LiveHarness {
  readonly relayed: Relayed[] = [];
  readonly logged: string[] = [];
  readonly latestQuotes: InMemoryLatestQuotes;
  readonly quotes: LatestQuoteWriter;
  readonly serviceMetrics = new ServiceMetrics({ service: 'market-data', defaultMetrics: false });
  readonly metrics: MarketDataMetrics;
  readonly cache: InMemoryBarCache;
  readonly store: OhlcvBarRepository;
  readonly logger: Logger;
  private readonly relay: OutboxRelay;

  private constructor(
    readonly database: Database,
    readonly clock: ManualClock,
  ) {
    this.latestQuotes = new InMemoryLatestQuotes(clock);
    this.quotes = new LatestQuoteWriter(this.latestQuotes, { onError: (symbol, error) => this.logged.push(`quote ${symbol}: ${String(error)}`) });
    this.metrics = new MarketDataMetrics(this.serviceMetrics, clock);
    this.cache = new InMemoryBarCache(clock);
    this.store = new OhlcvBarRepository(database.dataSource, { schema: database.schema });
    this.logger = createLogger({
      service: 'market-data',
      level: 'info',
      stream: new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          this.logged.push(chunk.toString());
          done();
        },
      }),
    });
    this.relay = new OutboxRelay({
      dataSource: database.dataSource,
      bus: { publish: async (topic, envelope) => void this.relayed.push({ topic, envelope }) },
      clock,
      schema: database.schema,
    });
  }

  static async open(start: number): Promise<LiveHarness> {
    const database = await openTestDatabase({ kind: 'embedded', migrations: [...marketDataMigrations] });
    return new LiveHarness(database, new ManualClock(start));
  }

  /** A poller as a fresh process would build it (a restart is a second one on the same database). */
  poller(feeds: readonly LiveFeed[], sleep: Sleeper = async () => undefined, settings: LivePollerSettings = LIVE_SETTINGS): LivePoller {
    return new LivePoller({
      feeds,
      publisher: new LivePublisher({
        dataSource: this.database.dataSource,
        schema: this.database.schema,
        messages: new MessageFactory({ clock: this.clock, random: new SeededRandom(this.clock.now()), producer: 'market-data' }),
        clock: this.clock,
      }),
      store: this.store,
      quotes: this.quotes,
      cache: this.cache,
      metrics: this.metrics,
      logger: this.logger,
      clock: this.clock,
      sleep,
      settings,
    });
  }

  /** Publishes what the polls committed; returns what went out now. */
  async relayCommitted(): Promise<Relayed[]> {
    const before = this.relayed.length;
    await this.relay.drain();
    return this.relayed.slice(before);
  }

  payloads<T>(list: readonly Relayed[], prefix: string): T[] {
    return list.filter(({ topic }) => topic.startsWith(prefix)).map(({ envelope }) => envelope.payload as T);
  }

  async latestQuote(symbol: string): Promise<Quote | undefined> {
    await this.quotes.flush();
    return this.latestQuotes.get(symbol);
  }

  async metricLines(name: string): Promise<string[]> {
    return (await this.serviceMetrics.exposition()).split('\n').filter((line) => line.startsWith(name));
  }

  async close(): Promise<void> {
    await this.database.close();
  }
}
