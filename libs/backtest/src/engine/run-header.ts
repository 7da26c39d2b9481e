// What the decision log's header says about a run: when it starts (the first
// bar's close), its seed and code version, the strategies with their
// parameters, the feeds, the fill model and the scheduled commands. The
// backtest and the message-driven kernel write the same header.
import { type BarColumns, timeframeMs } from '@trading/domain';
import type { FillModel } from '@trading/simulated-venue';
import type { ScheduledCommand } from './backtest.config';
import type { StrategyRun } from './feed-plan';

export interface RunHeader {
  readonly time: number;
  readonly seed: number;
  readonly codeVersion: string;
  readonly run: Readonly<Record<string, unknown>>;
}

/** The header of a run over `feeds` (in the canonical order). */
export function runHeader(runs: readonly StrategyRun[], feeds: readonly BarColumns[], fill: FillModel, options: { readonly seed?: number; readonly codeVersion?: string; readonly events?: readonly ScheduledCommand[] }): RunHeader {
  const firstClose = feeds.reduce((first, bars) => (bars.length > 0 ? Math.min(first, bars.time[0] + timeframeMs(bars.timeframe)) : first), Number.POSITIVE_INFINITY);
  return {
    time: Number.isFinite(firstClose) ? firstClose : 0,
    seed: options.seed ?? 1,
    codeVersion: options.codeVersion ?? 'unknown',
    run: {
      strategies: runs.map((run) => ({ name: run.definition.name, parameters: run.parameters })),
      feeds: feeds.map((bars) => ({ symbol: bars.symbol, timeframe: bars.timeframe, bars: bars.length })),
      fill,
      events: options.events ?? [],
    },
  };
}
