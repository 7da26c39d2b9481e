// The market-data side of `trading run --live`: live mode on the run's bus and
// database (the files followed as they grow, the series polled from the
// remote sources), polled once before the chain starts so the strategies can
// warm up on the history it stored. Loaded with the rest of the run, after
// the flags were checked (./live-run checks them without NestJS).
import { type BarCache, realSleeper } from '@trading/data-sources';
import { type BarColumns, type Clock, emptyBarColumns, SeededRandom, timeframeMs } from '@trading/domain';
import {
  createSourceChain,
  liveFeedsFromConfig,
  type MarketDataMetrics,
  type MarketDataService,
  type PreparedLiveMode,
  prepareLiveMode,
} from '@trading/market-data-service';
import type { MessageBus } from '@trading/messaging';
import type { Logger } from '@trading/observability';
import type { Database } from '@trading/persistence';
import { finestSeries, finestSeriesDrive, liveMarketDataConfig } from './live-run';
import type { LiveRun } from './run-options';
import type { ChainSeries, DrivingBars } from './chain-plan';
import type { ChainStart } from './trading-chain';

export interface LiveFollowingDependencies {
  readonly files: readonly string[];
  readonly live: LiveRun;
  readonly seed: number;
  readonly bus: MessageBus;
  readonly database: Database;
  readonly cache: BarCache;
  readonly marketData: MarketDataService;
  readonly metrics: MarketDataMetrics;
  readonly wallClock: Clock;
  readonly logger: Logger;
}

/** What the chain of a live run is started with once the history is stored. */
export interface LiveFollowing {
  readonly mode: PreparedLiveMode;
  readonly series: ChainSeries[];
  /** Empty columns per series: the decision log's header names the feeds, with no bars up front. */
  readonly columns: BarColumns[];
  readonly drives: DrivingBars;
  readonly start: ChainStart;
}

/** Prepares live mode and polls every series once: their history is stored and the newest bar of each published (the chain's queues must be declared). */
export async function startLiveFollowing(deps: LiveFollowingDependencies): Promise<LiveFollowing> {
  const config = liveMarketDataConfig(deps.files, deps.live);
  const sources = createSourceChain(config.sources, { clock: deps.wallClock, random: new SeededRandom(deps.seed ^ 0x50c), metrics: deps.metrics });
  const feeds = liveFeedsFromConfig(config, deps.files, sources);
  const mode = prepareLiveMode({
    config,
    feeds,
    bus: deps.bus,
    database: deps.database,
    cache: deps.cache,
    quotes: deps.marketData.quotes,
    metrics: deps.metrics,
    logger: deps.logger,
    clock: deps.wallClock,
    sleep: realSleeper,
    // Findings' ids are UUIDv7s on the wall clock, as in `trading serve market-data`.
    random: new SeededRandom(deps.seed ^ deps.wallClock.now()),
  });
  try {
    const newest = await mode.pollOnce();
    const series = feeds.map(({ symbol, timeframe }) => ({ symbol, timeframe }));
    const closes = series.flatMap(({ symbol, timeframe }) => {
      const time = newest.get(`${symbol} ${timeframe}`);
      return time === undefined ? [] : [time + timeframeMs(timeframe)];
    });
    return {
      mode,
      series,
      columns: series.map(({ symbol, timeframe }) => emptyBarColumns(symbol, timeframe, 0)),
      drives: finestSeriesDrive(series),
      // As of the newest stored close: what a strategy warmed up on is never published to it again as news.
      start: {
        kind: 'warm',
        driving: finestSeries(series),
        history: { bars: (symbol, timeframe, from, to) => deps.marketData.bars(symbol, timeframe, from, to) },
        asOf: closes.length > 0 ? Math.max(...closes) : deps.wallClock.now(),
      },
    };
  } catch (error) {
    await mode.stop().catch(() => undefined);
    throw error;
  }
}

/** Polls until a stop is requested (or the poller fails), then stops and lets what it committed go out. */
export async function followLive(mode: PreparedLiveMode, stopRequested: Promise<void>): Promise<{ aborted: boolean; barsPublished: Record<string, number> }> {
  const following = mode.start();
  try {
    await Promise.race([stopRequested, following.running]);
  } finally {
    await mode.stop();
  }
  // A live run ends when a person stops it: that is its end, not an abort.
  return { aborted: false, barsPublished: {} };
}
