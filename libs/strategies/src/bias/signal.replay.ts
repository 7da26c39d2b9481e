// Runs a strategy over bars on its own, with no broker: the position it sees
// is the side of its last signal (a flat signal flattens it), closed when a
// later bar's range reaches that signal's stop or target. Deterministic from
// the bars up to the current one and the strategy's own output, so two
// replays over the same prefix of bars see the same positions — what the
// look-ahead check relies on.
import { type BarColumns, ManualClock, instrumentFor, timeframeMs } from '@trading/domain';
import type { ParameterValues } from '../core/parameter-space';
import type { StrategyDefinition, StrategySignal } from '../core/strategy';

export interface IndexedSignal {
  readonly index: number;
  readonly signal: StrategySignal;
}

/** Signals of a replay over bars[0..length-1]. */
export function replaySignals(definition: StrategyDefinition, parameters: ParameterValues, bars: BarColumns): IndexedSignal[] {
  const clock = new ManualClock(0);
  let side = 0;
  let stop = Number.NaN;
  let target = Number.NaN;
  const strategy = definition.create(parameters, {
    symbol: bars.symbol,
    timeframe: bars.timeframe,
    instrument: instrumentFor(bars.symbol),
    clock,
    positionSide: () => side,
  });
  const step = timeframeMs(bars.timeframe);
  const signals: IndexedSignal[] = [];
  for (let i = 0; i < bars.length; i++) {
    const closeTime = bars.time[i] + step;
    if (closeTime > clock.now()) clock.set(closeTime);
    if (side !== 0) {
      const high = bars.high[i];
      const low = bars.low[i];
      const hit = side > 0 ? low <= stop || high >= target : high >= stop || low <= target;
      if (hit) side = 0;
    }
    const signal = strategy.onBar(bars, i);
    if (signal === undefined) continue;
    signals.push({ index: i, signal });
    side = signal.side === 'buy' ? 1 : signal.side === 'sell' ? -1 : 0;
    stop = signal.stopLoss ?? Number.NaN;
    target = signal.takeProfit ?? Number.NaN;
  }
  return signals;
}

/** The first `length` bars as a view over the same memory (no copy). */
export function truncateBars(bars: BarColumns, length: number): BarColumns {
  return {
    symbol: bars.symbol,
    timeframe: bars.timeframe,
    length,
    time: bars.time.subarray(0, length),
    open: bars.open.subarray(0, length),
    high: bars.high.subarray(0, length),
    low: bars.low.subarray(0, length),
    close: bars.close.subarray(0, length),
    volume: bars.volume.subarray(0, length),
    spread: bars.spread.subarray(0, length),
  };
}
