// The whole pipeline behind `trading optimize`: walk-forward studies (one TPE
// study per fold on its train window), the best parameters of each fold run on
// its test window and stitched into one out-of-sample record, Monte Carlo on
// that record, the Deflated Sharpe Ratio and PBO of each fold's study,
// parameter stability, and the verdict. Pure: the bars come in, the trials go
// through the injected evaluator, and the same request gives the same result
// whatever evaluates the trials.
import { type BarColumns, timeframeMs } from '@trading/domain';
import type { ParameterValues, StrategyDefinition } from '@trading/strategies';
import type { EvaluationContext, StudyProgress, TrialEvaluator } from '../evaluation/evaluator.port';
import type { TrialWindow } from '../evaluation/trial-evaluator';
import type { TrialSettings } from '../evaluation/trial-settings';
import { warmupBars } from '../evaluation/warmup';
import type { ObjectiveName, WindowMetrics } from '../evaluation/window-metrics';
import { type BlockBootstrapSummary, type MonteCarloSummary, blockBootstrap, checkMonteCarloPlan, tradeOrderBootstrap } from '../monte-carlo/bootstrap';
import { bestTrial, type TrialRecord } from '../search/fold-study';
import { type ParameterDrift, type ParameterSensitivity, parameterDrift, summariseSensitivity } from '../stability/parameter-stability';
import { type BacktestOverfitting, DEFAULT_PARTITIONS } from '../statistics/backtest-overfitting';
import type { DeflatedSharpe } from '../statistics/deflated-sharpe';
import { DEFAULT_THRESHOLDS, type Verdict, type VerdictThresholds, verdict } from '../verdict/verdict';
import { type OutOfSampleRecord, stitchOutOfSample } from '../walk-forward/out-of-sample';
import { earliestTradable, runFoldStudies, testWindow, trainWindow } from '../walk-forward/walk-forward';
import { type FoldWindow, type WindowPlan, walkForwardWindows } from '../windows/walk-forward-windows';
import { foldStatistics, sensitivityPoints } from './fold-statistics';

export interface OptimizationRequest {
  readonly strategy: StrategyDefinition;
  readonly feeds: readonly BarColumns[];
  /** Fill model, sizing, cash and the seed (order ids, samplers, Monte Carlo). */
  readonly settings: TrialSettings;
  readonly windows: WindowPlan;
  readonly trials: number;
  readonly batch: number;
  readonly objective: ObjectiveName;
  readonly minTrades: number;
  /** CSCV partitions (default 16). */
  readonly partitions?: number;
  readonly monteCarlo: { readonly runs: number; readonly ruinLoss: number; readonly blockLength?: number };
  readonly thresholds?: VerdictThresholds;
}

export interface OptimizationHooks {
  readonly onStudyProgress?: StudyProgress;
  /** Called as each phase starts: studies, sensitivity, out-of-sample, statistics, monte-carlo. */
  readonly onPhase?: (phase: string) => void;
}

export interface FoldResult {
  readonly window: FoldWindow;
  readonly trainWindow: TrialWindow;
  readonly testWindow: TrialWindow;
  readonly trials: readonly TrialRecord[];
  readonly best: TrialRecord | null;
  readonly inSample: WindowMetrics | null;
  readonly outOfSample: WindowMetrics | null;
  readonly deflatedSharpe: DeflatedSharpe | null;
  readonly pbo: BacktestOverfitting;
}

export interface OptimizationResult {
  readonly request: Omit<OptimizationRequest, 'feeds' | 'strategy'> & { readonly strategy: string; readonly symbols: readonly string[]; readonly timeframe: string };
  /** Warm-up bars before every window, per feed. */
  readonly warmupBars: readonly number[];
  readonly folds: readonly FoldResult[];
  readonly outOfSample: OutOfSampleRecord;
  readonly monteCarlo: { readonly tradeOrder: MonteCarloSummary; readonly block: BlockBootstrapSummary };
  /** Means over the folds that have a value. */
  readonly deflatedSharpe: number | null;
  readonly pbo: number | null;
  readonly drift: readonly ParameterDrift[];
  readonly sensitivity: readonly ParameterSensitivity[];
  readonly verdict: Verdict;
}

export async function optimize(request: OptimizationRequest, evaluator: TrialEvaluator, hooks: OptimizationHooks = {}): Promise<OptimizationResult> {
  const { strategy, feeds } = request;
  checkRequest(request);
  const leads = feeds.map((bars) => warmupBars(strategy, bars));
  const end = Math.max(...feeds.map((bars) => bars.time[bars.length - 1] + timeframeMs(bars.timeframe)));
  const folds = walkForwardWindows(request.windows, earliestTradable(feeds, leads), end);
  const trainWindows = folds.map((fold) => trainWindow(feeds, leads, fold));
  const testWindows = folds.map((fold) => testWindow(feeds, leads, fold));
  for (const fold of folds) checkHasBars(feeds, fold);

  hooks.onPhase?.('studies');
  const plan = { trials: request.trials, batch: request.batch, objective: request.objective, minTrades: request.minTrades, seed: request.settings.seed };
  const studies = await runFoldStudies(
    folds.map((fold, k) => ({ fold: fold.fold, window: trainWindows[k], plan })),
    strategy.parameters,
    evaluator,
    hooks.onStudyProgress,
  );
  const best = studies.map(bestTrial);

  hooks.onPhase?.('sensitivity');
  const sensitivity = await sensitivityPoints(strategy.parameters, best, trainWindows, request.objective, evaluator);

  hooks.onPhase?.('out-of-sample');
  const context: EvaluationContext = { strategy, feeds, settings: request.settings };
  const outOfSample = stitchOutOfSample(context, testWindows, best.map((record) => record?.parameters ?? null));

  hooks.onPhase?.('statistics');
  const partitions = request.partitions ?? DEFAULT_PARTITIONS;
  const foldResults: FoldResult[] = folds.map((window, k) => {
    const record = best[k];
    const statistics = foldStatistics(studies[k], record, partitions);
    const run = outOfSample.windows[k].run;
    return {
      window,
      trainWindow: trainWindows[k],
      testWindow: testWindows[k],
      trials: studies[k],
      best: record,
      inSample: record !== null && record.outcome.status === 'ok' ? record.outcome.metrics : null,
      outOfSample: run?.metrics ?? null,
      ...statistics,
    };
  });
  const deflatedSharpe = meanOf(foldResults.map((fold) => fold.deflatedSharpe?.value ?? null));
  const pbo = meanOf(foldResults.map((fold) => fold.pbo.value));

  hooks.onPhase?.('monte-carlo');
  const monteCarlo = monteCarloOf(outOfSample, request);

  const bestParameters: (ParameterValues | null)[] = best.map((record) => record?.parameters ?? null);
  const outcome = verdict(
    {
      foldsWithoutCandidate: folds.filter((_, k) => best[k] === null).map((fold) => fold.fold + 1),
      minTrades: request.minTrades,
      deflatedSharpe,
      pbo,
      outOfSampleSharpe: outOfSample.metrics.sharpe,
      monteCarloWorstDrawdown: monteCarlo.block.maxDrawdown.p95,
      outOfSampleTrades: outOfSample.trades.length,
      candidate: bestParameters[bestParameters.length - 1],
    },
    request.thresholds ?? DEFAULT_THRESHOLDS,
  );
  const { feeds: _feeds, strategy: _strategy, ...rest } = request;
  return {
    request: { ...rest, strategy: strategy.name, symbols: feeds.map((bars) => bars.symbol), timeframe: feeds[0].timeframe },
    warmupBars: leads,
    folds: foldResults,
    outOfSample,
    monteCarlo,
    deflatedSharpe,
    pbo,
    drift: parameterDrift(strategy.parameters, bestParameters),
    sensitivity: summariseSensitivity(strategy.parameters, sensitivity),
    verdict: outcome,
  };
}

/** Both bootstraps of the stitched record, seeded with the run's seed and the next one. */
function monteCarloOf(outOfSample: OutOfSampleRecord, request: OptimizationRequest): OptimizationResult['monteCarlo'] {
  const seed = request.settings.seed;
  const initial = outOfSample.initialCash.toNumber();
  const perYear = outOfSample.metrics.periodsPerYear;
  const years = perYear > 0 ? outOfSample.returns.length / perYear : 0;
  const pnl = outOfSample.trades.map((trade) => trade.netPnl.toNumber());
  return {
    tradeOrder: tradeOrderBootstrap(pnl, initial, years > 0 ? pnl.length / years : 0, { ...request.monteCarlo, seed }),
    block: blockBootstrap(outOfSample.returns, initial, perYear, { ...request.monteCarlo, seed: seed + 1 }),
  };
}

function checkRequest(request: OptimizationRequest): void {
  const { strategy, feeds } = request;
  if (feeds.length === 0) throw new RangeError('no bars to optimise on');
  for (const bars of feeds) {
    if (bars.length === 0) throw new RangeError(`${bars.symbol} has no bars`);
    if (!strategy.timeframes.includes(bars.timeframe)) throw new RangeError(`${strategy.name} trades ${strategy.timeframes.join('/')} data, not ${bars.timeframe} (${bars.symbol})`);
  }
  if (!Number.isInteger(request.minTrades) || request.minTrades < 0) throw new RangeError(`min-trades: expected a whole number >= 0, got ${request.minTrades}`);
  checkMonteCarloPlan({ ...request.monteCarlo, seed: 0 });
}

function checkHasBars(feeds: readonly BarColumns[], fold: FoldWindow): void {
  const has = (from: number, to: number): boolean => feeds.some((bars) => bars.time.some((time) => time >= from && time < to));
  if (!has(fold.trainFrom, fold.trainTo)) throw new RangeError(`fold ${fold.fold}: no bars in its train window ${iso(fold.trainFrom)} .. ${iso(fold.trainTo)}`);
  if (!has(fold.testFrom, fold.testTo)) throw new RangeError(`fold ${fold.fold}: no bars in its test window ${iso(fold.testFrom)} .. ${iso(fold.testTo)}`);
}

function meanOf(values: readonly (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length === 0 ? null : present.reduce((sum, value) => sum + value, 0) / present.length;
}

function iso(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}
