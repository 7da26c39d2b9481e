// Per-period returns of a window: the return from one UTC day's closing
// equity to the next, where a day's closing equity is that of the day's last
// sample on the backtest's equity curve and the last day closes at the final
// booked equity. Days are the period because the papers' statistics (Sharpe,
// skewness, kurtosis, PBO blocks) are about return series, not about bars, and
// H1 bars of a strategy that is mostly flat are mostly zeros.
//
// The kernel keeps at most 2,048 evenly spaced curve samples, so a one-year H1
// window is sampled every 4 bars (each day still has samples, the last one at
// 20:00 or later); a window of more than 32,768 bars with its warm-up (about
// 5.2 years of H1) is sampled every 32 bars or more, so some days have no
// sample and those periods span two days. Every trial of a fold runs on the
// same bars and so has the same periods.
const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;

export interface CurveSample {
  readonly time: number;
  readonly equity: number;
}

export interface PeriodReturns {
  readonly returns: Float64Array;
  /** The UTC day (start, ms) each return ends on. */
  readonly periodEnds: Float64Array;
}

/**
 * Daily returns of the samples at or after `from`, starting from `startEquity`
 * (the equity before the window) and ending at `finalEquity`.
 */
export function dailyReturns(curve: readonly CurveSample[], from: number, startEquity: number, finalEquity: number): PeriodReturns {
  const ends: number[] = [];
  const closes: number[] = [];
  for (const sample of curve) {
    if (sample.time < from) continue;
    const day = Math.floor(sample.time / DAY_MS) * DAY_MS;
    if (ends.length > 0 && ends[ends.length - 1] === day) closes[closes.length - 1] = sample.equity;
    else {
      ends.push(day);
      closes.push(sample.equity);
    }
  }
  if (closes.length > 0) closes[closes.length - 1] = finalEquity;
  const returns = new Float64Array(closes.length);
  let previous = startEquity;
  for (let i = 0; i < closes.length; i++) {
    returns[i] = closes[i] / previous - 1;
    previous = closes[i];
  }
  return { returns, periodEnds: Float64Array.from(ends) };
}

/** Periods per year observed over a span: the count over the span's length in years. */
export function periodsPerYear(periods: number, spanMs: number): number {
  return spanMs > 0 ? periods / (spanMs / YEAR_MS) : 0;
}

export { DAY_MS, YEAR_MS };
