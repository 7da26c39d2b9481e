// The figures a window's backtest is judged by, and the objectives a study
// can maximise. Sharpe and Sortino come from the window's daily returns,
// annualised by the number of periods per year observed in the window; the
// drawdown, the trades and the profit factor come from the kernel (the
// warm-up before the window is flat, so it changes none of those).
import { mean, sampleStd } from '../statistics/moments';

export type ObjectiveName = 'sharpe' | 'sortino' | 'calmar' | 'profit-factor';
export const OBJECTIVES: readonly ObjectiveName[] = ['sharpe', 'sortino', 'calmar', 'profit-factor'];

/** A ratio with nothing to divide by (no losing trade, no drawdown) counts as this much. */
export const RATIO_CAP = 100;

export interface WindowMetrics {
  readonly trades: number;
  /** Annualised, after costs (the equity pays every cost). */
  readonly sharpe: number;
  readonly sortino: number;
  /** Annualised return over the maximum drawdown; null without a drawdown. */
  readonly calmar: number | null;
  /** Gross profit over gross loss of closed trades; null when no trade lost. */
  readonly profitFactor: number | null;
  readonly totalReturn: number;
  readonly annualisedReturn: number;
  readonly maxDrawdown: number;
  readonly periodsPerYear: number;
}

export interface MetricInputs {
  readonly returns: ArrayLike<number>;
  readonly periodsPerYear: number;
  readonly years: number;
  readonly totalReturn: number;
  readonly maxDrawdown: number;
  readonly trades: number;
  readonly profitFactor: number | null;
}

export function windowMetrics(input: MetricInputs): WindowMetrics {
  const scale = Math.sqrt(input.periodsPerYear);
  const std = sampleStd(input.returns);
  const average = mean(input.returns);
  let downside = 0;
  for (let i = 0; i < input.returns.length; i++) if (input.returns[i] < 0) downside += input.returns[i] ** 2;
  const downsideDeviation = input.returns.length > 0 ? Math.sqrt(downside / input.returns.length) : 0;
  const annualisedReturn = input.years > 0 && input.totalReturn > -1 ? (1 + input.totalReturn) ** (1 / input.years) - 1 : 0;
  return {
    trades: input.trades,
    sharpe: std > 0 ? (average / std) * scale : 0,
    sortino: downsideDeviation > 0 ? (average / downsideDeviation) * scale : 0,
    calmar: input.maxDrawdown > 0 ? annualisedReturn / input.maxDrawdown : null,
    profitFactor: input.profitFactor,
    totalReturn: input.totalReturn,
    annualisedReturn,
    maxDrawdown: input.maxDrawdown,
    periodsPerYear: input.periodsPerYear,
  };
}

/** The value a study maximises. */
export function objectiveValue(metrics: WindowMetrics, objective: ObjectiveName): number {
  switch (objective) {
    case 'sharpe':
      return metrics.sharpe;
    case 'sortino':
      return metrics.sortino;
    case 'calmar':
      return metrics.calmar ?? (metrics.annualisedReturn > 0 ? RATIO_CAP : 0);
    case 'profit-factor':
      return metrics.profitFactor ?? (metrics.trades > 0 ? RATIO_CAP : 0);
  }
}

export function parseObjective(text: string): ObjectiveName {
  if ((OBJECTIVES as readonly string[]).includes(text)) return text as ObjectiveName;
  throw new RangeError(`expected one of ${OBJECTIVES.join(', ')}, got "${text}"`);
}
