// The one place the optimiser runs the backtest kernel. A trial is a pure
// function of (strategy, parameters, bars, window, settings): the same inputs
// give the same outcome in this thread, in a worker thread or, later, in a
// service worker. When the kernel's driver changes, this file is what adapts.
import { runBacktest } from '@trading/backtest';
import type { ClosedTrade, CostsPaid } from '@trading/portfolio';
import type { BarColumns, Money } from '@trading/domain';
import type { ParameterValues, StrategyDefinition } from '@trading/strategies';
import { firstIndexAtOrAfter, sliceBars, tradingFrom } from './bar-window';
import { type CurveSample, YEAR_MS, dailyReturns, periodsPerYear } from './period-returns';
import { initialCashOf, sizingPolicy, type TrialSettings } from './trial-settings';
import { type WindowMetrics, windowMetrics } from './window-metrics';

/** UTC ms: warm-up bars start at `from`, trading at `tradeFrom`, and the window ends before `to`. */
export interface TrialWindow {
  readonly from: number;
  readonly tradeFrom: number;
  readonly to: number;
}

export interface WindowRunInput {
  readonly strategy: StrategyDefinition;
  readonly parameters: ParameterValues;
  /** The run's bars, one feed per symbol; the window is cut from them. */
  readonly feeds: readonly BarColumns[];
  readonly window: TrialWindow;
  readonly settings: TrialSettings;
  /** Cash the window starts with (default the settings' initial cash): stitched test windows carry the equity on. */
  readonly initialCash?: Money;
}

export interface WindowRun {
  readonly metrics: WindowMetrics;
  readonly returns: Float64Array;
  readonly periodEnds: Float64Array;
  readonly trades: readonly ClosedTrade[];
  readonly initialCash: Money;
  readonly finalEquity: Money;
  readonly costs: CostsPaid;
  /** Equity-curve samples inside the window. */
  readonly curve: readonly CurveSample[];
}

/** Backtests one window; throws a RangeError when the strategy refuses the parameters. */
export function runWindow(input: WindowRunInput): WindowRun {
  const { window } = input;
  const feeds = input.feeds.map((bars) => sliceBars(bars, firstIndexAtOrAfter(bars, window.from), firstIndexAtOrAfter(bars, window.to)));
  if (feeds.every((bars) => bars.length === 0)) throw new RangeError(`no bars between ${new Date(window.from).toISOString()} and ${new Date(window.to).toISOString()}`);
  const initialCash = input.initialCash ?? initialCashOf(input.settings);
  const result = runBacktest({
    feeds: feeds.filter((bars) => bars.length > 0),
    strategy: tradingFrom(input.strategy, window.tradeFrom),
    parameters: input.parameters,
    sizing: sizingPolicy(input.settings.sizing),
    initialCash,
    fill: input.settings.fill,
    seed: input.settings.seed,
  });
  const start = initialCash.toNumber();
  const final = result.finalEquity.toNumber();
  const { returns, periodEnds } = dailyReturns(result.curve, window.tradeFrom, start, final);
  const years = (window.to - window.tradeFrom) / YEAR_MS;
  const metrics = windowMetrics({
    returns,
    periodsPerYear: periodsPerYear(returns.length, window.to - window.tradeFrom),
    years,
    totalReturn: final / start - 1,
    maxDrawdown: result.metrics.maxDrawdown,
    trades: result.trades.length,
    profitFactor: result.metrics.profitFactor,
  });
  return {
    metrics,
    returns,
    periodEnds,
    trades: result.trades,
    initialCash,
    finalEquity: result.finalEquity,
    costs: result.costs,
    curve: result.curve.filter((point) => point.time >= window.tradeFrom).map((point) => ({ time: point.time, equity: point.equity })),
  };
}

export type TrialOutcome =
  | { readonly status: 'ok'; readonly metrics: WindowMetrics; readonly returns: Float64Array; readonly periodEnds: Float64Array }
  | { readonly status: 'invalid'; readonly reason: string };

/** A trial's outcome: its figures and daily returns, or why the strategy refused its parameters. Plain data, safe to post between threads. */
export function evaluateTrial(input: WindowRunInput): TrialOutcome {
  let run: WindowRun;
  try {
    run = runWindow(input);
  } catch (error) {
    if (error instanceof RangeError) return { status: 'invalid', reason: error.message };
    throw error;
  }
  return { status: 'ok', metrics: run.metrics, returns: run.returns, periodEnds: run.periodEnds };
}
