// Live mode: polls each followed series on its schedule (./live-schedule) and
// publishes every bar once it has closed, exactly once and in order. A poll
// reads the rows from just after the series' cursor up to the bar still
// forming (never included), validates them against the latest stored bars
// (./live-batch), and commits store, outbox and cursor together
// (./live-publisher). A series without a cursor yet starts with its history
// (the last `lookbackBars` bars from a provider, the whole of a file): stored,
// and only the newest bar published. A failed
// poll is logged, counted and retried; it never stops the other series.
// Time and waiting are injected, so a spec drives it without real waits.
import type { BarCache, Sleeper } from '@trading/data-sources';
import { MIN_BAR_TIME } from '@trading/data-sources/files';
import { emptyBarColumns, timeframeMs, type Clock, type Timeframe } from '@trading/domain';
import type { Logger } from '@trading/observability';
import type { MarketDataMetrics } from '../market-data.metrics';
import { quotingTimeframes } from '../publishing/bar-messages';
import type { LatestQuoteWriter } from '../quotes/latest-quote.writer';
import type { OhlcvBarRepository } from '../store/ohlcv-bar.repository';
import { validateLiveBatch } from './live-batch';
import type { LiveFeed } from './live-feed';
import type { LiveCommitted, LivePublisher } from './live-publisher';
import { lastClosedBarStart, nextPollTime, type LiveTiming } from './live-schedule';

export interface LivePollerSettings extends LiveTiming {
  /** Bars of context read back for the validator, and of history a series' first poll stores. */
  readonly lookbackBars: number;
}

export interface LivePollerDependencies {
  readonly feeds: readonly LiveFeed[];
  readonly publisher: LivePublisher;
  /** Read for the validator's context (written only through the publisher's transaction). */
  readonly store: OhlcvBarRepository;
  readonly quotes: LatestQuoteWriter;
  readonly cache: BarCache;
  readonly metrics: MarketDataMetrics;
  readonly logger: Logger;
  /** Wall clock: which bars have closed, and when to poll. */
  readonly clock: Clock;
  readonly sleep: Sleeper;
  readonly settings: LivePollerSettings;
}

export type LivePollOutcome = 'new-bars' | 'no-new-bars' | 'failed';

export interface LivePollResult {
  readonly outcome: LivePollOutcome;
  /** Bars published by this poll. */
  readonly published: number;
  /** The series' cursor after the poll (undefined before its first successful read). */
  readonly cursor: number | undefined;
}

export class LivePoller {
  private readonly nextPollAt: number[];
  private readonly quoting: ReadonlyMap<string, Timeframe>;

  constructor(private readonly deps: LivePollerDependencies) {
    if (deps.feeds.length === 0) throw new Error('live mode needs at least one series to follow');
    const seen = new Set<string>();
    for (const feed of deps.feeds) {
      const key = `${feed.symbol} ${feed.timeframe}`;
      if (seen.has(key)) throw new Error(`live mode follows ${key} twice (${feed.description})`);
      seen.add(key);
    }
    this.nextPollAt = deps.feeds.map(() => -Infinity);
    this.quoting = quotingTimeframes(deps.feeds);
  }

  /** Polls until `signal` aborts, sleeping between rounds. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const wakeAt = await this.pollDue(signal);
      const waitMs = wakeAt - this.deps.clock.now();
      if (waitMs <= 0) continue;
      try {
        await this.deps.sleep(waitMs, signal);
      } catch (error) {
        if (!signal.aborted) throw error;
      }
    }
  }

  /** Polls every series due by the clock, in the order given; returns when the next one is due. */
  async pollDue(signal?: AbortSignal): Promise<number> {
    for (let index = 0; index < this.deps.feeds.length; index++) {
      if (signal?.aborted) break;
      if (this.nextPollAt[index] > this.deps.clock.now()) continue;
      const feed = this.deps.feeds[index];
      const result = await this.poll(feed, signal);
      this.nextPollAt[index] = nextPollTime(feed.timeframe, result.cursor, this.deps.clock.now(), result.outcome === 'failed', this.deps.settings);
    }
    return Math.min(...this.nextPollAt);
  }

  /** One poll of one series now. */
  async poll(feed: LiveFeed, signal?: AbortSignal): Promise<LivePollResult> {
    const { symbol, timeframe } = feed;
    const now = this.deps.clock.now();
    let cursor: number | undefined;
    let result: LivePollResult;
    try {
      cursor = await this.deps.publisher.cursors.read(symbol, timeframe);
      result = await this.read(feed, cursor, now, signal);
    } catch (error) {
      result = { outcome: 'failed', published: 0, cursor };
      // A poll cut short by the shutdown is no failure of the source.
      if (signal?.aborted) return result;
      this.deps.logger.warn('live poll failed, will retry', { series: feed.description, error: error instanceof Error ? error.message : String(error) });
    }
    this.deps.metrics.livePolled(symbol, timeframe, result.outcome);
    if (result.cursor !== undefined) this.deps.metrics.lastBarAge(symbol, timeframe, (now - (result.cursor + timeframeMs(timeframe))) / 1000);
    return result;
  }

  private async read(feed: LiveFeed, cursor: number | undefined, now: number, signal?: AbortSignal): Promise<LivePollResult> {
    const { symbol, timeframe } = feed;
    const step = timeframeMs(timeframe);
    const lookbackMs = this.deps.settings.lookbackBars * step;
    const to = lastClosedBarStart(timeframe, now) + step;
    const from = cursor !== undefined ? cursor + step : feed.history === 'all' ? MIN_BAR_TIME : to - lookbackMs;
    if (from >= to) return { outcome: 'no-new-bars', published: 0, cursor };
    const candidates = await feed.read(from, to, signal);
    if (candidates.dropped.length > 0) {
      this.deps.logger.info('rows the live source left out', { series: feed.description, rows: candidates.dropped.length, first: candidates.dropped[0].reason });
    }
    const context = cursor === undefined ? emptyBarColumns(symbol, timeframe, 0) : await this.deps.store.findRange(symbol, timeframe, Math.max(0, from - lookbackMs), from);
    const batch = validateLiveBatch(context, candidates);
    if (batch.through === undefined) return { outcome: 'no-new-bars', published: 0, cursor };
    const committed = await this.deps.publisher.commit({
      series: feed,
      source: candidates.source,
      store: batch.bars,
      // A first poll's older bars are history: stored for GET /bars and as context, not news.
      publish: cursor === undefined ? batch.bars.slice(-1) : batch.bars,
      quotes: this.quoting.get(symbol) === timeframe,
      findings: batch.findings,
      through: batch.through,
    });
    await this.afterCommit(feed, committed, batch.dropped, batch.rejected);
    return { outcome: committed.bars.length > 0 ? 'new-bars' : 'no-new-bars', published: committed.bars.length, cursor: committed.cursor };
  }

  /** What follows a commit outside the transaction: counters, the latest quotes, the stale cached windows. */
  private async afterCommit(feed: LiveFeed, committed: LiveCommitted, dropped: number, rejected: number): Promise<void> {
    const { symbol, timeframe } = feed;
    for (const finding of committed.findings) this.deps.metrics.finding(finding.kind);
    this.deps.metrics.rowsKeptOff(symbol, dropped, rejected);
    for (let i = 0; i < committed.bars.length; i++) this.deps.metrics.barPublished(symbol, timeframe);
    for (const quote of committed.quotes) {
      this.deps.quotes.offer(quote, timeframe);
      this.deps.metrics.quotePublished(symbol);
    }
    if (committed.bars.length === 0 && committed.findings.length === 0) return;
    try {
      await this.deps.cache.invalidateSeries(symbol, timeframe);
    } catch (error) {
      this.deps.logger.warn('could not clear cached bar windows', { symbol, timeframe, error: error instanceof Error ? error.message : String(error) });
    }
    const newest = committed.bars[committed.bars.length - 1];
    this.deps.logger.info('live bars committed for publication', {
      series: feed.description,
      bars: committed.bars.length,
      newest: newest === undefined ? null : new Date(newest.time).toISOString(),
      findings: committed.findings.length,
    });
  }
}
