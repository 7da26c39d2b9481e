// The stitched out-of-sample record: each fold's best parameters run on its
// test window only, one window after the other, each starting with the cash
// the previous one ended with (positions are closed at every window's end).
// Its trades, daily returns and equity are the one record the report calls
// performance. A fold without a feasible trial does not trade its window: its
// days are in the record with a return of 0.
import type { ClosedTrade } from '@trading/portfolio';
import type { BarColumns, Money } from '@trading/domain';
import type { ParameterValues } from '@trading/strategies';
import type { EvaluationContext } from '../evaluation/evaluator.port';
import { DAY_MS, type CurveSample, periodsPerYear, YEAR_MS } from '../evaluation/period-returns';
import { runWindow, type TrialWindow, type WindowRun } from '../evaluation/trial-evaluator';
import { initialCashOf } from '../evaluation/trial-settings';
import { type WindowMetrics, windowMetrics } from '../evaluation/window-metrics';

export interface TestWindowRecord {
  readonly window: TrialWindow;
  /** The window's run, or null when its fold had no parameters to test. */
  readonly run: WindowRun | null;
  readonly returns: Float64Array;
  readonly periodEnds: Float64Array;
}

export interface OutOfSampleRecord {
  readonly windows: readonly TestWindowRecord[];
  readonly trades: readonly ClosedTrade[];
  readonly returns: Float64Array;
  readonly periodEnds: Float64Array;
  /** Equity samples across the windows (and each window's final equity). */
  readonly curve: readonly CurveSample[];
  readonly initialCash: Money;
  readonly finalEquity: Money;
  readonly metrics: WindowMetrics;
}

export function stitchOutOfSample(context: EvaluationContext, windows: readonly TrialWindow[], parameters: readonly (ParameterValues | null)[]): OutOfSampleRecord {
  const initialCash = initialCashOf(context.settings);
  let cash = initialCash;
  const records: TestWindowRecord[] = [];
  const trades: ClosedTrade[] = [];
  const curve: CurveSample[] = [];
  windows.forEach((window, k) => {
    const chosen = parameters[k];
    if (chosen === null) {
      const periodEnds = tradingDays(context.feeds, window.tradeFrom, window.to);
      records.push({ window, run: null, returns: new Float64Array(periodEnds.length), periodEnds });
      curve.push({ time: window.tradeFrom, equity: cash.toNumber() }, { time: window.to, equity: cash.toNumber() });
      return;
    }
    const run = runWindow({ ...context, parameters: chosen, window, initialCash: cash });
    records.push({ window, run, returns: run.returns, periodEnds: run.periodEnds });
    trades.push(...run.trades);
    curve.push(...run.curve, { time: window.to, equity: run.finalEquity.toNumber() });
    cash = run.finalEquity;
  });
  const returns = concatenate(records.map((record) => record.returns));
  const periodEnds = concatenate(records.map((record) => record.periodEnds));
  const span = windows.reduce((sum, window) => sum + (window.to - window.tradeFrom), 0);
  const metrics = windowMetrics({
    returns,
    periodsPerYear: periodsPerYear(returns.length, span),
    years: span / YEAR_MS,
    totalReturn: cash.toNumber() / initialCash.toNumber() - 1,
    maxDrawdown: maxDrawdown(initialCash.toNumber(), curve),
    trades: trades.length,
    profitFactor: profitFactor(trades),
  });
  return { windows: records, trades, returns, periodEnds, curve, initialCash, finalEquity: cash, metrics };
}

/** The deepest fall from a peak over the samples, as a fraction of the peak. */
export function maxDrawdown(initial: number, curve: readonly CurveSample[]): number {
  let peak = initial;
  let deepest = 0;
  for (const { equity } of curve) {
    if (equity > peak) peak = equity;
    else if (peak > 0) deepest = Math.max(deepest, (peak - equity) / peak);
  }
  return deepest;
}

function profitFactor(trades: readonly ClosedTrade[]): number | null {
  let won = 0;
  let lost = 0;
  for (const trade of trades) {
    const pnl = trade.netPnl.toNumber();
    if (pnl > 0) won += pnl;
    else lost -= pnl;
  }
  return lost > 0 ? won / lost : null;
}

/** The UTC days that hold a bar of any feed in [from, to). */
function tradingDays(feeds: readonly BarColumns[], from: number, to: number): Float64Array {
  const days = new Set<number>();
  for (const bars of feeds) for (let i = 0; i < bars.length; i++) if (bars.time[i] >= from && bars.time[i] < to) days.add(Math.floor(bars.time[i] / DAY_MS) * DAY_MS);
  return Float64Array.from([...days].sort((a, b) => a - b));
}

function concatenate(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
