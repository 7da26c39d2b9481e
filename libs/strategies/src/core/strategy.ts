// The one shape every strategy has. A strategy is a pure object fed bars
// through `onBar`; it reads its indicators, the injected clock and its
// position, and answers with an intent (a signal) or nothing. It never places
// orders and never does I/O, so the same object runs in a backtest, in a
// check-bias replay and inside a live strategy service.
import type { SignalGenerated } from '@trading/contracts';
import type { BarColumns, Clock, Instrument, Timeframe } from '@trading/domain';
import type { ParameterSpec, ParameterValues } from './parameter-space';

export type SignalSide = SignalGenerated['side'];

/**
 * A strategy's intent after a bar: exactly the payload of the `signal`
 * message (libs/contracts signal-generated.event.ts), which a service
 * publishes as is and the risk desk reads.
 */
export type StrategySignal = SignalGenerated;

/** What a strategy may know about the world besides the bars. */
export interface StrategyContext {
  readonly symbol: string;
  /** Timeframe of the bars fed to `onBar`. */
  readonly timeframe: Timeframe;
  readonly instrument: Instrument;
  readonly clock: Clock;
  /** Net position the strategy holds on its symbol: 1 long, -1 short, 0 flat. */
  positionSide(): number;
}

export interface Strategy {
  readonly name: string;
  /** Bars needed before the first signal can appear. */
  readonly warmupBars: number;
  /**
   * Called once per closed bar, in time order, with `index` the bar just
   * closed. Reading any bar after `index` is look-ahead (check-bias catches it).
   */
  onBar(bars: BarColumns, index: number): StrategySignal | undefined;
}

export interface StrategyDefinition {
  readonly name: string;
  readonly description: string;
  /** Timeframes of data the strategy accepts. */
  readonly timeframes: readonly Timeframe[];
  readonly parameters: readonly ParameterSpec[];
  /** What its strategy service trades when the service's settings name nothing else. */
  readonly serviceDefaults?: { readonly symbols: readonly string[]; readonly timeframe: Timeframe };
  /** Builds a strategy from validated parameters (see `resolveParameters`). */
  create(parameters: ParameterValues, context: StrategyContext): Strategy;
}
