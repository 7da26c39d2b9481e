// Per-fold overfitting statistics over the fold's study, and the sensitivity
// reruns around each fold's best parameters. The trials that count are those
// the strategy accepted and that were backtested (whatever their trades):
// their per-period returns over the fold's train window form the CSCV matrix,
// their Sharpe ratios the variance of the Deflated Sharpe Ratio, and their
// number its N. The selected trial's own returns give SR*, skewness, kurtosis and T.
import type { ParameterSpec, ParameterValues } from '@trading/strategies';
import type { TrialEvaluator, TrialTask } from '../evaluation/evaluator.port';
import type { TrialWindow } from '../evaluation/trial-evaluator';
import { type ObjectiveName, objectiveValue } from '../evaluation/window-metrics';
import type { TrialRecord } from '../search/fold-study';
import { type SensitivityPoint, neighbours } from '../stability/parameter-stability';
import { type BacktestOverfitting, probabilityOfBacktestOverfitting } from '../statistics/backtest-overfitting';
import { type DeflatedSharpe, deflatedSharpeRatio } from '../statistics/deflated-sharpe';
import { sharpeRatio } from '../statistics/moments';

export interface FoldStatistics {
  readonly deflatedSharpe: DeflatedSharpe | null;
  readonly pbo: BacktestOverfitting;
}

/** The returns of the trials that were backtested, in trial order. */
export function backtestedReturns(records: readonly TrialRecord[]): Float64Array[] {
  const out: Float64Array[] = [];
  for (const record of records) if (record.outcome.status === 'ok') out.push(record.outcome.returns);
  return out;
}

export function foldStatistics(records: readonly TrialRecord[], best: TrialRecord | null, partitions: number): FoldStatistics {
  const columns = backtestedReturns(records);
  const pbo = probabilityOfBacktestOverfitting(columns, partitions);
  if (best === null || best.outcome.status !== 'ok') return { deflatedSharpe: null, pbo };
  const sharpes = Float64Array.from(columns, (returns) => sharpeRatio(returns));
  return { deflatedSharpe: deflatedSharpeRatio(sharpes, best.outcome.returns), pbo };
}

export async function sensitivityPoints(
  specs: readonly ParameterSpec[],
  best: readonly (TrialRecord | null)[],
  windows: readonly TrialWindow[],
  objective: ObjectiveName,
  evaluator: TrialEvaluator,
): Promise<SensitivityPoint[]> {
  const planned: { fold: number; window: TrialWindow; parameter: string; direction: -1 | 1; parameters: ParameterValues; base: number }[] = [];
  best.forEach((record, k) => {
    if (record === null || record.objective === null) return;
    for (const neighbour of neighbours(specs, record.parameters)) planned.push({ fold: record.fold, window: windows[k], ...neighbour, base: record.objective });
  });
  const tasks: TrialTask[] = planned.map((point) => ({ window: point.window, parameters: point.parameters }));
  const outcomes = tasks.length === 0 ? [] : await evaluator.evaluate(tasks);
  return planned.map((point, k) => {
    const outcome = outcomes[k];
    const value = outcome.status === 'ok' ? objectiveValue(outcome.metrics, objective) : null;
    return {
      fold: point.fold,
      parameter: point.parameter,
      direction: point.direction,
      value: point.parameters[point.parameter] as number,
      objective: value,
      change: value === null ? null : value - point.base,
    };
  });
}
