// The market-data service's Prometheus metrics. Names are referenced by the
// alert rules and dashboards in deploy/ (a test keeps them in step).
import type { Clock } from '@trading/domain';
import type { ServiceMetrics } from '@trading/observability';

export const MARKET_DATA_METRIC_NAMES = [
  'market_data_bars_published_total',
  'market_data_findings_total',
  'market_data_rows_removed_total',
  'market_data_last_publish_timestamp_seconds',
  'market_data_source_latency_seconds',
  'market_data_source_failovers_total',
  'market_data_source_failures_total',
  'market_data_quotes_published_total',
  'market_data_live_polls_total',
  'market_data_live_last_bar_age_seconds',
] as const;

/** What a live poll of a series came to (the `outcome` label of market_data_live_polls_total). */
export const LIVE_POLL_OUTCOMES = ['new-bars', 'no-new-bars', 'failed'] as const;

export class MarketDataMetrics {
  private readonly barsPublished;
  private readonly findings;
  private readonly rowsRemoved;
  private readonly lastPublish;
  private readonly sourceLatency;
  private readonly failovers;
  private readonly sourceFailures;
  private readonly quotesPublished;
  private readonly livePolls;
  private readonly lastBarAgeSeconds;

  /** `wallClock` stamps the last-publish gauge: alerts compare it with Prometheus' time(). */
  constructor(
    metrics: ServiceMetrics,
    private readonly wallClock: Clock,
  ) {
    this.barsPublished = metrics.counter({ name: 'market_data_bars_published_total', help: 'Bars published on the bus', labelNames: ['symbol', 'timeframe'] });
    this.findings = metrics.counter({ name: 'market_data_findings_total', help: 'Data validation findings by kind', labelNames: ['kind'] });
    this.rowsRemoved = metrics.counter({
      name: 'market_data_rows_removed_total',
      help: 'Input rows the validation policy kept off the bus (dropped repeats, rejected invalid rows)',
      labelNames: ['symbol', 'outcome'],
    });
    this.lastPublish = metrics.gauge({
      name: 'market_data_last_publish_timestamp_seconds',
      help: 'Wall-clock time of the last bar published',
      labelNames: ['symbol', 'timeframe'],
    });
    this.sourceLatency = metrics.histogram({ name: 'market_data_source_latency_seconds', help: 'Latency of data source fetches', labelNames: ['source', 'outcome'] });
    this.failovers = metrics.counter({
      name: 'market_data_source_failovers_total',
      help: 'Fetches passed on to the next source, by the source that failed or was skipped and why',
      labelNames: ['from', 'kind'],
    });
    this.sourceFailures = metrics.counter({ name: 'market_data_source_failures_total', help: 'Failed fetches by source and kind', labelNames: ['source', 'kind'] });
    this.quotesPublished = metrics.counter({ name: 'market_data_quotes_published_total', help: 'Quotes published on the bus (one per bar of the finest timeframe of a symbol)', labelNames: ['symbol'] });
    this.livePolls = metrics.counter({
      name: 'market_data_live_polls_total',
      help: 'Live polls of a series by outcome: new-bars, no-new-bars or failed',
      labelNames: ['symbol', 'timeframe', 'outcome'],
    });
    this.lastBarAgeSeconds = metrics.gauge({
      name: 'market_data_live_last_bar_age_seconds',
      help: 'At the last live poll of a series, seconds since the close of the newest bar it has read through',
      labelNames: ['symbol', 'timeframe'],
    });
  }

  barPublished(symbol: string, timeframe: string): void {
    this.barsPublished.inc({ symbol, timeframe });
    this.lastPublish.set({ symbol, timeframe }, this.wallClock.now() / 1000);
  }

  quotePublished(symbol: string): void {
    this.quotesPublished.inc({ symbol });
  }

  livePolled(symbol: string, timeframe: string, outcome: (typeof LIVE_POLL_OUTCOMES)[number]): void {
    this.livePolls.inc({ symbol, timeframe, outcome });
  }

  lastBarAge(symbol: string, timeframe: string, seconds: number): void {
    this.lastBarAgeSeconds.set({ symbol, timeframe }, seconds);
  }

  finding(kind: string): void {
    this.findings.inc({ kind });
  }

  rowsKeptOff(symbol: string, dropped: number, rejected: number): void {
    if (dropped > 0) this.rowsRemoved.inc({ symbol, outcome: 'dropped' }, dropped);
    if (rejected > 0) this.rowsRemoved.inc({ symbol, outcome: 'rejected' }, rejected);
  }

  sourceFetched(source: string, outcome: 'ok' | 'error', seconds: number): void {
    this.sourceLatency.observe({ source, outcome }, seconds);
  }

  sourceFailed(source: string, kind: string): void {
    this.sourceFailures.inc({ source, kind });
  }

  failedOver(from: string, kind: string): void {
    this.failovers.inc({ from, kind });
  }
}
