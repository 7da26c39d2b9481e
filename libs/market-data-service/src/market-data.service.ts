// The market-data service: ingests bar files (validate, store, announce
// findings), replays them onto the bus with a quote at each bar's close, keeps
// the latest quote of each symbol, and serves bar history cache-aside (cache →
// OHLCV store). It owns the OHLCV store, the bar cache and the latest quotes;
// nothing else writes them. Live mode (./live) shares the store and the quotes.
import { patterns, type MessageFactory, type RoutePattern } from '@trading/contracts';
import type { BarCache, MarketDataSource } from '@trading/data-sources';
import { barAt, type Bar, type Clock, type ManualClock, type Quote, type Timeframe } from '@trading/domain';
import type { MessageBus } from '@trading/messaging';
import type { Logger } from '@trading/observability';
import { missingRanges } from './missing-ranges';
import { LatestQuoteWriter } from './quotes/latest-quote.writer';
import type { LatestQuotes } from './quotes/latest-quotes.port';
import type { OhlcvBarRepository } from './store/ohlcv-bar.repository';
import { loadFeedFiles, type FeedFileOptions, type LoadedFeed } from './feed/feed-files';
import type { MarketDataMetrics } from './market-data.metrics';
import { replayFeeds, type ReplayOptions, type ReplayResult } from './replay/bar-replay';
import type { ReplaySpeed } from './replay/replay-speed';

export interface MarketDataDependencies {
  readonly bus: MessageBus;
  readonly messages: MessageFactory;
  /** Market time: moved by the replay to each bar's close. */
  readonly marketClock: ManualClock;
  readonly store: OhlcvBarRepository;
  readonly cache: BarCache;
  /** Each symbol's latest quote (Redis or memory), for GET /quotes. */
  readonly latestQuotes: LatestQuotes;
  /** How long a latest quote is kept (MARKET_DATA_QUOTE_TTL); unset: three bars of its timeframe. */
  readonly quoteTtlMs?: number;
  /** Remote sources (failover chain) asked for the parts of a window the store does not cover. */
  readonly sources?: MarketDataSource;
  /** Real time: which bars have closed, for what to ask the sources. */
  readonly wallClock: Clock;
  readonly metrics: MarketDataMetrics;
  readonly logger: Logger;
  /** Real-time wait of accelerated replays; should end early when `signal` aborts (see ReplayDependencies). */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Real milliseconds since an arbitrary origin (pacing). */
  readonly monotonicMs: () => number;
}

export interface IngestedFeed extends LoadedFeed {
  readonly stored: number;
}

/**
 * Market data is published whether or not anyone listens yet (it is also in the
 * store); every other message this service might send must reach a queue.
 */
export const MARKET_DATA_MAY_BE_UNROUTABLE: readonly RoutePattern[] = [patterns.marketBars(), patterns.marketQuotes(), patterns.dataQuality()];

export class MarketDataService {
  /** Where published quotes go to become the latest (replay here, live mode through its poller). */
  readonly quotes: LatestQuoteWriter;

  constructor(private readonly deps: MarketDataDependencies) {
    this.quotes = new LatestQuoteWriter(deps.latestQuotes, {
      ttlMs: deps.quoteTtlMs,
      onError: (symbol, error) => deps.logger.warn('could not keep the latest quote', { symbol, error: error instanceof Error ? error.message : String(error) }),
    });
  }

  /** The symbol's latest quote, undefined when none or expired. */
  latestQuote(symbol: string): Promise<Quote | undefined> {
    return this.deps.latestQuotes.get(symbol);
  }

  /** Loads, validates and stores the files; findings are counted now and announced by the replay. */
  async ingest(paths: readonly string[], options: FeedFileOptions = {}): Promise<IngestedFeed[]> {
    return this.ingestFeeds(await loadFeedFiles(paths, options));
  }

  /** Stores feeds already loaded and validated (a host that checks its input before it boots the service). */
  async ingestFeeds(feeds: readonly LoadedFeed[]): Promise<IngestedFeed[]> {
    const ingested: IngestedFeed[] = [];
    for (const feed of feeds) {
      const { report, columns } = feed.import;
      for (const finding of report.findings) this.deps.metrics.finding(finding.kind);
      this.deps.metrics.rowsKeptOff(columns.symbol, report.dropped, report.rejected);
      const stored = await this.deps.store.upsertColumns(columns);
      await this.forgetCachedWindows(columns.symbol, columns.timeframe);
      this.deps.logger.info('bar file ingested', {
        path: feed.path,
        symbol: columns.symbol,
        timeframe: columns.timeframe,
        read: report.bars,
        kept: report.kept,
        dropped: report.dropped,
        rejected: report.rejected,
        stored,
      });
      ingested.push({ ...feed, stored });
    }
    return ingested;
  }

  /**
   * New bars of a series make its cached windows stale. A cache that cannot be
   * reached only costs a warning: its windows expire on their own.
   */
  private async forgetCachedWindows(symbol: string, timeframe: Timeframe): Promise<void> {
    try {
      await this.deps.cache.invalidateSeries(symbol, timeframe);
    } catch (error) {
      this.deps.logger.warn('could not clear cached bar windows', { symbol, timeframe, error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Publishes the feeds' findings, then their bars in close-time order, each followed by its quote. */
  async replay(feeds: readonly LoadedFeed[], speed: ReplaySpeed, signal?: AbortSignal, step?: ReplayOptions['step']): Promise<ReplayResult> {
    const start = this.deps.monotonicMs();
    const result = await replayFeeds(
      feeds,
      {
        bus: this.deps.bus,
        messages: this.deps.messages,
        clock: this.deps.marketClock,
        sleep: this.deps.sleep,
        elapsedMs: () => this.deps.monotonicMs() - start,
        observer: {
          barPublished: (symbol, timeframe) => this.deps.metrics.barPublished(symbol, timeframe),
          quotePublished: (quote, timeframe) => {
            this.deps.metrics.quotePublished(quote.symbol);
            this.quotes.offer(quote, timeframe);
          },
        },
      },
      { speed, signal, step },
    );
    // The replay is over once its last quotes are the latest ones too.
    await this.quotes.flush();
    return result;
  }

  /**
   * Bars of [from, to) for a symbol and timeframe, cache-aside: the cache, else
   * the store, completed by the remote sources (in failover order) for the head
   * or tail of the window the store does not cover (see missingRanges); what
   * they return is stored before it is served. Other cached windows of the
   * series may span the stored bars' times (a window asked before the provider
   * had published them), so they are forgotten as after an ingest.
   */
  async bars(symbol: string, timeframe: Timeframe, from: number, to: number): Promise<readonly Bar[]> {
    if (!(from < to)) throw new RangeError(`bar range must have from < to, got from=${from} to=${to}`);
    const request = { symbol, timeframe, from, to };
    return this.deps.cache.getOrLoad(request, async () => {
      const columns = await this.deps.store.findRange(symbol, timeframe, from, to);
      const stored = Array.from({ length: columns.length }, (_, index) => barAt(columns, index));
      const sources = this.deps.sources;
      if (!sources) return stored;
      const fetched: Bar[] = [];
      for (const range of missingRanges(stored, request, this.deps.wallClock.now())) {
        const result = await sources.fetchBars(range);
        fetched.push(...result.bars);
        this.deps.logger.info('bars fetched from a remote source', {
          source: result.source,
          symbol,
          timeframe,
          from: range.from,
          to: range.to,
          bars: result.bars.length,
          dropped: result.dropped.length,
        });
      }
      if (fetched.length === 0) return stored;
      await this.deps.store.upsertBars(fetched);
      await this.forgetCachedWindows(symbol, timeframe);
      const byTime = new Map<number, Bar>();
      for (const bar of [...stored, ...fetched]) byTime.set(bar.time, bar);
      return [...byTime.values()].sort((a, b) => a.time - b.time);
    });
  }
}
