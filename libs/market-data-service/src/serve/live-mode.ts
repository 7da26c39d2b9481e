// Live mode as `trading serve market-data` runs it (MARKET_DATA_MODE=live):
// the feeds from the configuration (each file of MARKET_DATA_FILES followed as
// it grows, each series of MARKET_DATA_LIVE_SERIES polled from the remote
// sources), the poller on the wall clock, and the outbox relay that publishes
// what the poller commits.
import { accessSync, constants } from 'node:fs';
import { ConfigError } from '@trading/config';
import { MessageFactory } from '@trading/contracts';
import type { BarCache, MarketDataSource, Sleeper } from '@trading/data-sources';
import type { Clock, RandomSource } from '@trading/domain';
import type { MessageBus } from '@trading/messaging';
import type { Logger } from '@trading/observability';
import { OutboxRelay, type Database } from '@trading/persistence';
import { growingFileFeed } from '../live/growing-file.feed';
import { remoteLiveFeed, type LiveFeed } from '../live/live-feed';
import { LivePoller } from '../live/live-poller';
import { LivePublisher } from '../live/live-publisher';
import type { MarketDataConfig } from '../market-data.config';
import type { MarketDataMetrics } from '../market-data.metrics';
import type { LatestQuoteWriter } from '../quotes/latest-quote.writer';
import { OhlcvBarRepository } from '../store/ohlcv-bar.repository';

/** The series live mode follows; a bad file name or a series named twice is a ConfigError naming the variable. */
export function liveFeedsFromConfig(config: MarketDataConfig, files: readonly string[], sources: MarketDataSource | undefined): LiveFeed[] {
  const feeds: LiveFeed[] = [];
  for (const path of files) {
    try {
      // A file that grows must be there to start with; one that goes away later is a failing poll, retried.
      accessSync(path, constants.R_OK);
      feeds.push(growingFileFeed(path, { tz: config.feed.tz }));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const problem = code === 'ENOENT' ? `cannot follow ${path}: no such file` : code ? `cannot follow ${path}: ${code}` : error instanceof Error ? error.message : String(error);
      throw new ConfigError([{ variable: 'MARKET_DATA_FILES', problem }]);
    }
  }
  for (const series of config.live.series) {
    // loadMarketDataConfig already requires MARKET_DATA_SOURCES with series; the chain exists then.
    if (!sources) throw new ConfigError([{ variable: 'MARKET_DATA_SOURCES', problem: 'required when MARKET_DATA_LIVE_SERIES is set' }]);
    feeds.push(remoteLiveFeed(sources, series));
  }
  const named = new Map<string, string>();
  for (const feed of feeds) {
    const key = `${feed.symbol} ${feed.timeframe}`;
    const earlier = named.get(key);
    if (earlier !== undefined) throw new ConfigError([{ variable: 'MARKET_DATA_LIVE_SERIES', problem: `${key} is followed twice (${earlier}; ${feed.description})` }]);
    named.set(key, feed.description);
  }
  return feeds;
}

export interface LiveModeDependencies {
  readonly config: MarketDataConfig;
  readonly feeds: readonly LiveFeed[];
  readonly bus: MessageBus;
  readonly database: Database;
  readonly cache: BarCache;
  readonly quotes: LatestQuoteWriter;
  readonly metrics: MarketDataMetrics;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly sleep: Sleeper;
  /** Ids of the data-quality findings (UUIDv7s on the wall clock). */
  readonly random: RandomSource;
}

export interface LiveMode {
  /** Resolves when the poller has stopped (after `stop`). */
  readonly running: Promise<void>;
  stop(): Promise<void>;
}

export function startLiveMode(deps: LiveModeDependencies): LiveMode {
  const { database, logger, clock } = deps;
  const relay = new OutboxRelay({
    dataSource: database.dataSource,
    bus: deps.bus,
    clock,
    schema: database.schema,
    onError: (error, failures) => logger.warn('outbox relay failed, backing off', { failures, error: error instanceof Error ? error.message : String(error) }),
    onRejected: (sequence, topic, reason) => logger.error('the broker refused a live message for good', { sequence: String(sequence), topic, reason }),
  });
  const poller = new LivePoller({
    feeds: deps.feeds,
    publisher: new LivePublisher({
      dataSource: database.dataSource,
      schema: database.schema,
      messages: new MessageFactory({ clock, random: deps.random, producer: deps.config.service }),
      clock,
    }),
    store: new OhlcvBarRepository(database.dataSource, { schema: database.schema }),
    quotes: deps.quotes,
    cache: deps.cache,
    metrics: deps.metrics,
    logger,
    clock,
    sleep: deps.sleep,
    settings: deps.config.live,
  });
  const controller = new AbortController();
  relay.start();
  logger.info('live mode started', { series: deps.feeds.map((feed) => feed.description) });
  const running = poller.run(controller.signal);
  let stopping: Promise<void> | undefined;
  return {
    running,
    stop: () => {
      stopping ??= (async () => {
        controller.abort();
        try {
          await running;
        } finally {
          // After the poller: a commit it made just before the abort is still relayed.
          await relay.stop();
        }
      })();
      return stopping;
    },
  };
}
