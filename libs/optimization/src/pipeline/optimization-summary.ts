// The machine-readable result of `trading optimize --json`. The keys the
// issue fixed (strategy, trials, folds[...], outOfSample, monteCarlo,
// deflatedSharpe, pbo, recommended, why) are stable; the others add detail.
// Ratios are rounded to 4 decimals, money to 2; nothing here depends on how
// many workers evaluated the trials.
import type { ParameterValue, ParameterValues } from '@trading/strategies';
import type { MonteCarloSummary } from '../monte-carlo/bootstrap';
import type { Percentiles } from '../statistics/moments';
import type { OptimizationResult } from './optimize';

const round = (value: number, decimals = 4): number => {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
};
const maybe = (value: number | null | undefined, decimals = 4): number | null => (value === null || value === undefined ? null : round(value, decimals));
const iso = (time: number): string => new Date(time).toISOString();

export function optimizationSummary(result: OptimizationResult) {
  const { request, outOfSample, monteCarlo } = result;
  return {
    strategy: request.strategy,
    symbols: request.symbols,
    timeframe: request.timeframe,
    trials: request.trials,
    objective: request.objective,
    minTrades: request.minTrades,
    windows: {
      mode: request.windows.mode,
      train: request.windows.train.text,
      test: request.windows.test.text,
      step: request.windows.step.text,
      purge: request.windows.purge.text,
      warmupBars: result.warmupBars,
    },
    folds: result.folds.map((fold) => ({
      trainFrom: iso(fold.window.trainFrom),
      trainTo: iso(fold.window.trainTo),
      testFrom: iso(fold.window.testFrom),
      testTo: iso(fold.window.testTo),
      bestParams: fold.best?.parameters ?? null,
      inSample: { sharpe: maybe(fold.inSample?.sharpe), trades: fold.inSample?.trades ?? null, objective: maybe(fold.best?.objective) },
      outOfSample: { sharpe: maybe(fold.outOfSample?.sharpe), trades: fold.outOfSample?.trades ?? 0, return: maybe(fold.outOfSample?.totalReturn) },
      deflatedSharpe: maybe(fold.deflatedSharpe?.value),
      pbo: maybe(fold.pbo.value),
      trialsBacktested: fold.trials.filter((trial) => trial.outcome.status === 'ok').length,
      trialsFeasible: fold.trials.filter((trial) => trial.feasible).length,
    })),
    outOfSample: {
      trades: outOfSample.trades.length,
      sharpe: round(outOfSample.metrics.sharpe),
      sortino: round(outOfSample.metrics.sortino),
      maxDrawdown: round(outOfSample.metrics.maxDrawdown),
      totalReturn: round(outOfSample.metrics.totalReturn),
      profitFactor: maybe(outOfSample.metrics.profitFactor),
      initialCash: round(outOfSample.initialCash.toNumber(), 2),
      finalEquity: round(outOfSample.finalEquity.rounded(2).toNumber(), 2),
      days: outOfSample.returns.length,
    },
    monteCarlo: {
      method: 'block bootstrap of daily returns',
      runs: monteCarlo.block.runs,
      blockLength: monteCarlo.block.blockLength,
      ...monteCarloFigures(monteCarlo.block),
      tradeOrder: monteCarloFigures(monteCarlo.tradeOrder),
    },
    deflatedSharpe: maybe(result.deflatedSharpe),
    pbo: maybe(result.pbo),
    stability: result.drift.map((drift) => {
      const sensitivity = result.sensitivity.find((entry) => entry.name === drift.name);
      return {
        name: drift.name,
        values: drift.values,
        spreadOfRange: maybe(drift.spreadOfRange),
        mostChosen: drift.mostChosen,
        mostChosenShare: maybe(drift.mostChosenShare),
        objectiveChangeDown: maybe(sensitivity?.meanChangeDown),
        objectiveChangeUp: maybe(sensitivity?.meanChangeUp),
      };
    }),
    checks: result.verdict.checks,
    recommended: result.verdict.recommended as ParameterValues | null,
    why: result.verdict.why,
  };
}

function monteCarloFigures(summary: MonteCarloSummary) {
  const money = (p: Percentiles) => ({ p5: round(p.p5, 2), p50: round(p.p50, 2), p95: round(p.p95, 2) });
  const ratio = (p: Percentiles) => ({ p5: round(p.p5), p50: round(p.p50), p95: round(p.p95) });
  return { finalEquity: money(summary.finalEquity), maxDrawdown: ratio(summary.maxDrawdown), sharpe: ratio(summary.sharpe), ruinProbability: round(summary.ruinProbability) };
}

/** One line per trial for --trials-out: what others need to recompute the statistics. */
export function trialLines(result: OptimizationResult): string[] {
  const lines: string[] = [];
  for (const fold of result.folds) {
    for (const trial of fold.trials) {
      lines.push(
        JSON.stringify({
          fold: trial.fold,
          trial: trial.number,
          params: trial.parameters as Record<string, ParameterValue>,
          objective: trial.objective,
          feasible: trial.feasible,
          selected: fold.best?.number === trial.number,
          trades: trial.outcome.status === 'ok' ? trial.outcome.metrics.trades : null,
          returns: trial.outcome.status === 'ok' ? Array.from(trial.outcome.returns) : null,
          ...(trial.outcome.status === 'invalid' ? { refused: trial.outcome.reason } : {}),
        }),
      );
    }
  }
  return lines;
}
