// A strategy service's Prometheus metrics, labelled with the strategy (the
// three services share the names). Deployment checks, alert rules and
// dashboards read the names from STRATEGY_SERVICE_METRIC_NAMES.
import type { ServiceMetrics } from '@trading/observability';

export const STRATEGY_SERVICE_METRIC_NAMES = [
  'strategy_bars_handled_total',
  'strategy_bars_skipped_total',
  'strategy_signals_published_total',
  'strategy_signals_republished_total',
  'strategy_reports_total',
  'strategy_parameters_updates_total',
  'strategy_warmup_bars',
  'strategy_warmup_failures_total',
  'strategy_ready',
  'strategy_last_bar_timestamp_seconds',
  'strategy_bar_handling_seconds',
] as const;

/** Why a bar moved no indicator. */
export type SkippedBar = 'redelivered' | 'stale' | 'not-traded';
/** What became of an execution report. */
export type ReportOutcome = 'applied' | 'redelivered' | 'stale' | 'other-strategy';
/** What became of an optimizer.params message: accepted (pending), applied at a feed's bar boundary, rejected, or a repeat. */
export type ParametersOutcome = 'accepted' | 'applied' | 'rejected' | 'repeated';

export class StrategyServiceMetrics {
  private readonly barsHandled;
  private readonly barsSkipped;
  private readonly signals;
  private readonly republished;
  private readonly reports;
  private readonly parameterUpdates;
  private readonly warmupBars;
  private readonly warmupFailures;
  private readonly ready;
  private readonly lastBar;
  private readonly handling;

  /** The last-bar gauge holds the bar's own close time, so a replay's gauges show market time. */
  constructor(
    metrics: ServiceMetrics,
    private readonly strategy: string,
  ) {
    this.barsHandled = metrics.counter({ name: 'strategy_bars_handled_total', help: 'Bars fed to the strategy live (after warm-up)', labelNames: ['strategy', 'symbol', 'timeframe'] });
    this.barsSkipped = metrics.counter({
      name: 'strategy_bars_skipped_total',
      help: 'Bars that moved no indicator: redelivered or older than the last handled (stale), or of a symbol or timeframe not traded',
      labelNames: ['strategy', 'reason'],
    });
    this.signals = metrics.counter({ name: 'strategy_signals_published_total', help: 'Signals published', labelNames: ['strategy', 'symbol', 'side'] });
    this.republished = metrics.counter({ name: 'strategy_signals_republished_total', help: 'Signals published again, same id, for a redelivered bar', labelNames: ['strategy'] });
    this.reports = metrics.counter({ name: 'strategy_reports_total', help: 'Execution reports by outcome', labelNames: ['strategy', 'outcome'] });
    this.parameterUpdates = metrics.counter({ name: 'strategy_parameters_updates_total', help: 'optimizer.params messages by outcome', labelNames: ['strategy', 'outcome'] });
    this.warmupBars = metrics.gauge({ name: 'strategy_warmup_bars', help: 'Bars of history the strategy was rebuilt from at start', labelNames: ['strategy', 'symbol'] });
    this.warmupFailures = metrics.counter({ name: 'strategy_warmup_failures_total', help: 'Warm-up attempts that failed (market-data unreachable or refusing)', labelNames: ['strategy'] });
    this.ready = metrics.gauge({ name: 'strategy_ready', help: '1 once warmed up and consuming, 0 before', labelNames: ['strategy'] });
    this.lastBar = metrics.gauge({ name: 'strategy_last_bar_timestamp_seconds', help: 'Close time of the last bar handled, per symbol', labelNames: ['strategy', 'symbol'] });
    this.handling = metrics.histogram({ name: 'strategy_bar_handling_seconds', help: 'Time to handle a bar: strategies, then publishing its signals', labelNames: ['strategy'] });
    this.ready.set({ strategy }, 0);
  }

  barHandled(symbol: string, timeframe: string, closeTime: number): void {
    this.barsHandled.inc({ strategy: this.strategy, symbol, timeframe });
    this.lastBar.set({ strategy: this.strategy, symbol }, closeTime / 1000);
  }

  barSkipped(reason: SkippedBar): void {
    this.barsSkipped.inc({ strategy: this.strategy, reason });
  }

  signalPublished(symbol: string, side: string): void {
    this.signals.inc({ strategy: this.strategy, symbol, side });
  }

  signalRepublished(): void {
    this.republished.inc({ strategy: this.strategy });
  }

  report(outcome: ReportOutcome): void {
    this.reports.inc({ strategy: this.strategy, outcome });
  }

  parametersUpdate(outcome: ParametersOutcome): void {
    this.parameterUpdates.inc({ strategy: this.strategy, outcome });
  }

  warmedUp(symbol: string, bars: number): void {
    this.warmupBars.set({ strategy: this.strategy, symbol }, bars);
  }

  warmupFailed(): void {
    this.warmupFailures.inc({ strategy: this.strategy });
  }

  readiness(ready: boolean): void {
    this.ready.set({ strategy: this.strategy }, ready ? 1 : 0);
  }

  barHandlingSeconds(seconds: number): void {
    this.handling.observe({ strategy: this.strategy }, seconds);
  }
}
