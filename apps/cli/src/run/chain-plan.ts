// What each service of the trading chain runs with, worked out once from the
// run's settings. The in-process chain (./trading-chain) hands these values to
// the services' composition functions; `trading run --processes`
// (./service-processes) writes them into each child's environment
// (./service-environments), and the child's `trading serve` reads them back
// into the same values: one set of settings, two ways to deliver them.
import { type StrategyRun, barsThatDrive } from '@trading/backtest';
import { type BarColumns, type Instrument, type Money, type Timeframe, instrumentFor } from '@trading/domain';
import type { RiskLimits } from '@trading/risk-engine';
import type { FillModel } from '@trading/simulated-venue';
import type { RiskServiceSettings } from '@trading/risk-service';
import { defaultWarmupBars, type StrategyServiceName, type StrategyServiceSettings, warmupOf } from '@trading/strategy-service';

/** A series the run's market-data publishes. */
export interface ChainSeries {
  readonly symbol: string;
  readonly timeframe: Timeframe;
}

/** Which bars work the paper book and move risk's market state (barsThatDrive in a replay; the finest series of a symbol live). */
export type DrivingBars = (bar: { readonly symbol: string; readonly timeframe: string; readonly time: number }) => boolean;

/** A replay's series and the backtest's rule of which of its bars drive (the finest data covering a time). */
export function replaySeries(feeds: readonly BarColumns[]): { series: ChainSeries[]; drives: DrivingBars } {
  return { series: feeds.map(({ symbol, timeframe }) => ({ symbol, timeframe })), drives: barsThatDrive(feeds) };
}

/** The run's settings the chain is planned from. */
export interface ChainInput {
  readonly series: readonly ChainSeries[];
  readonly drives: DrivingBars;
  readonly runs: readonly StrategyRun[];
  readonly limits: RiskLimits;
  readonly fill: FillModel;
  readonly cash: Money;
  readonly seed: number;
  /** Lockstep: the strategies and risk hold each step's messages until released. */
  readonly lockstep: boolean;
}

export interface VenuePlan {
  readonly instruments: readonly Instrument[];
  readonly fill: FillModel;
  readonly initialCash: Money;
  /** The timeframe of the first feed; the paper venue works its book on the bars `drives` picks. */
  readonly timeframe: Timeframe;
  /** Which bars work the book: the backtest's rule in a replay (the finest data covering a time). */
  readonly drives: DrivingBars;
  /** Seed of the ids of the venue's messages without a cause (its start snapshot). */
  readonly seed: number;
}

export interface StrategyPlan {
  readonly name: StrategyServiceName;
  /** Its producer and service name: strategy-<name>. */
  readonly service: string;
  readonly settings: StrategyServiceSettings;
  /** Seed of its random source. */
  readonly seed: number;
}

export interface ChainPlan {
  /** Every replayed symbol, sorted: the venue's and the desk's instruments. */
  readonly symbols: readonly string[];
  /** The replay's timeframe when every feed has the same one (what a service alone can be told: PAPER_TIMEFRAME, RISK_TIMEFRAME). */
  readonly timeframe: Timeframe | undefined;
  readonly venue: VenuePlan;
  readonly risk: RiskServiceSettings;
  /** In the order of the runs. */
  readonly strategies: readonly StrategyPlan[];
}

/** Messages risk handles per transaction in a run (its default, RISK_MAX_BATCH). */
export const RUN_RISK_MAX_BATCH = 64;

/** A strategy's timeframe in this run: the finest of the published ones it trades. */
function timeframeFor(run: StrategyRun, series: readonly ChainSeries[]): Timeframe | undefined {
  const given = series.filter((entry) => run.definition.timeframes.includes(entry.timeframe));
  if (given.length === 0) return undefined;
  return given.map((entry) => entry.timeframe).sort((a, b) => run.definition.timeframes.indexOf(a) - run.definition.timeframes.indexOf(b))[0];
}

/** The plan; a strategy no replayed file suits is a RangeError naming it. */
export function planChain(input: ChainInput): ChainPlan {
  const symbols = [...new Set(input.series.map((entry) => entry.symbol))].sort();
  const instruments = symbols.map((symbol) => instrumentFor(symbol));
  const drives = input.drives;
  const timeframes = [...new Set(input.series.map((entry) => entry.timeframe))];
  const strategies = input.runs.map((run): StrategyPlan => {
    const timeframe = timeframeFor(run, input.series);
    if (timeframe === undefined) throw new RangeError(`${run.definition.name} trades ${run.definition.timeframes.join('/')} data, and no published series has it`);
    const own = [...new Set(input.series.filter((entry) => entry.timeframe === timeframe).map((entry) => entry.symbol))].sort();
    const needed = Math.max(...own.map((symbol) => warmupOf(run.definition, run.parameters, symbol, timeframe)));
    return {
      name: run.definition.name as StrategyServiceName,
      service: `strategy-${run.definition.name}`,
      // The bars a warm-up reads (live), and that are kept for a change of parameters.
      settings: { definition: run.definition, symbols: own, timeframe, parameters: run.parameters, parametersVersion: 'defaults', warmupBars: defaultWarmupBars(needed) },
      seed: input.seed ^ 0x57,
    };
  });
  return {
    symbols,
    timeframe: timeframes.length === 1 ? timeframes[0] : undefined,
    venue: { instruments, fill: input.fill, initialCash: input.cash, timeframe: input.series[0]?.timeframe ?? 'H1', drives, seed: input.seed ^ 0x0e },
    risk: { desk: { instruments, initialCash: input.cash, limits: input.limits, fill: input.fill, drives }, maxBatch: RUN_RISK_MAX_BATCH, lockstep: input.lockstep },
    strategies,
  };
}
