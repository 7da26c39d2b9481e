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
  return prepareLiveMode(deps).start();
}

/** Live mode before its polling loop: a host that must act on the stored history first polls each series once, then starts. */
export interface PreparedLiveMode {
  /**
   * Polls every series once now (the relay running): a first poll stores the
   * series' history and publishes its newest closed bar. Resolves with the
   * newest stored bar's open time per series (`SYMBOL TIMEFRAME`), for the
   * series that have one.
   */
  pollOnce(): Promise<Map<string, number>>;
  /** Starts the polling loop. */
  start(): LiveMode;
  /** Stops the loop if it runs, then the relay (what was committed is still published). */
  stop(): Promise<void>;
}

export function prepareLiveMode(deps: LiveModeDependencies): PreparedLiveMode {
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
  let relaying = false;
  let running: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;
  const startRelay = (): void => {
    if (!relaying) relay.start();
    relaying = true;
  };
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      controller.abort();
      try {
        await running;
      } finally {
        // After the poller, and drained: what it committed before the abort still goes out (a run on an
        // in-memory database would lose it). If the bus is down it stays in the outbox for the next start.
        if (relaying) {
          await relay.stop();
          await relay.drain().catch((error: unknown) => logger.warn('live bars left in the outbox at stop', { error: error instanceof Error ? error.message : String(error) }));
        }
      }
    })();
    return stopping;
  };
  return {
    pollOnce: async () => {
      startRelay();
      const newest = new Map<string, number>();
      for (const feed of deps.feeds) {
        const { cursor } = await poller.poll(feed, controller.signal);
        if (cursor !== undefined) newest.set(`${feed.symbol} ${feed.timeframe}`, cursor);
      }
      return newest;
    },
    start: () => {
      if (running !== undefined) throw new Error('live mode is already running');
      startRelay();
      logger.info('live mode started', { series: deps.feeds.map((feed) => feed.description) });
      running = poller.run(controller.signal);
      return { running, stop };
    },
    stop,
  };
}
