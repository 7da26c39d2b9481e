// What a backtest takes and what it gives back.
import { type DecisionSink } from '@trading/domain';
import type { BarColumns, Money, Timeframe } from '@trading/domain';
import type { ClosedTrade, CostsPaid } from '@trading/portfolio';
import type { RiskSummary, SizingPolicy, StrategyTally } from '@trading/risk-engine';
import type { FillAssumptions, FillModel } from '@trading/simulated-venue';
import type { ParameterValues, StrategyDefinition } from '@trading/strategies';
import type { EquityPoint, MonthlyReturn } from '../metrics/equity.tracker';
import type { PerformanceMetrics } from '../metrics/performance.metrics';
import type { StrategyRun } from './feed-plan';

export interface BacktestConfig {
  /** Bars of each symbol and timeframe, each in time order, in any order. */
  readonly feeds: readonly BarColumns[];
  /** One strategy on every feed (with `parameters`)… */
  readonly strategy?: StrategyDefinition;
  readonly parameters?: ParameterValues;
  /** …or several sharing one account, each on the feeds whose timeframe it trades. */
  readonly strategies?: readonly StrategyRun[];
  readonly sizing: SizingPolicy;
  readonly initialCash: Money;
  readonly fill?: FillModel;
  /** Seeds the ids of messages without a cause (scheduled commands); every other id derives from the bars. */
  readonly seed?: number;
  /** Written in the decision log's header (e.g. the package version and commit). */
  readonly codeVersion?: string;
  /** Fixed prices for currency conversion, e.g. { GBPUSD: 1.27 }. */
  readonly conversionRates?: Readonly<Record<string, number>>;
  readonly decisions?: DecisionSink;
  /** A person's commands at set times (kill switch, resume), in time order; each applies after every bar closing at or before its time. */
  readonly events?: readonly ScheduledCommand[];
  /** Called every 65,536 bars and at the end. */
  readonly onProgress?: (done: number, total: number) => void;
}

export type ScheduledCommand = { readonly time: number } & ({ readonly kind: 'kill-switch'; readonly reason: string } | { readonly kind: 'resume'; readonly by: string });

/** One strategy's part of a run. */
export interface StrategyFigures extends StrategyTally {
  readonly parameters: ParameterValues;
  readonly trades: number;
  readonly wins: number;
  /** Net P&L of the strategy's closed trades, account currency. */
  readonly realisedPnl: number;
}

/** The account at the end, and how often the venue's margin rules struck. */
export interface PortfolioFigures {
  readonly finalEquity: number;
  readonly marginCalls: number;
  /** Positions the venue closed at the stop-out level. */
  readonly stopOuts: number;
}

export interface BacktestResult {
  /** The strategy's name, or the names joined by "," when several share the account. */
  readonly strategy: string;
  /** The strategy's parameters; with several strategies, each strategy's by name. */
  readonly parameters: ParameterValues | Readonly<Record<string, ParameterValues>>;
  readonly strategies: Readonly<Record<string, StrategyFigures>>;
  readonly symbols: readonly string[];
  readonly timeframe: Timeframe;
  readonly bars: number;
  readonly signals: number;
  readonly trades: readonly ClosedTrade[];
  readonly initialCash: Money;
  /** Booked cash after every position was closed at the last bar. */
  readonly finalEquity: Money;
  readonly portfolio: PortfolioFigures;
  readonly metrics: PerformanceMetrics;
  readonly costs: CostsPaid;
  readonly assumptions: FillAssumptions & { readonly sizing: Readonly<Record<string, string | number>> };
  readonly curve: readonly EquityPoint[];
  readonly monthly: readonly MonthlyReturn[];
  /** The sizing policy's risk record, when it keeps one (the risk engine). */
  readonly risk?: RiskSummary;
}
