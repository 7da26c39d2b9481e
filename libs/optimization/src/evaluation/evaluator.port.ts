// The port trials are evaluated through. The walk-forward asks for a batch
// and gets the outcomes back in the batch's order, whoever computed them: this
// thread (LocalTrialEvaluator), a pool of worker threads (the CLI's
// --workers), or later the optimizer service's workers over the bus.
//
// An evaluator may also run whole fold studies where it evaluates (runStudies):
// the sampler's work per trial is of the order of a short backtest, so when
// there are at least as many folds as workers, running each fold's study
// (its asks, evaluations and tells) in one worker parallelises the sampling
// too. A fold's study depends only on its request, so the result is the same.
import type { BarColumns } from '@trading/domain';
import type { ParameterValues, StrategyDefinition } from '@trading/strategies';
import { evaluateTrial, type TrialOutcome, type TrialWindow } from './trial-evaluator';
import type { TrialSettings } from './trial-settings';
import type { StudyPlan, TrialRecord } from '../search/fold-study';

export interface TrialTask {
  readonly window: TrialWindow;
  readonly parameters: ParameterValues;
}

/** One fold's study: its number, its train window and the plan. */
export interface StudyRequest {
  readonly fold: number;
  readonly window: TrialWindow;
  readonly plan: StudyPlan;
}

/** Called after each told batch: the fold, trials done, trials planned. */
export type StudyProgress = (fold: number, done: number, total: number) => void;

export interface TrialEvaluator {
  /** Outcomes in the order of `tasks`. */
  evaluate(tasks: readonly TrialTask[]): Promise<TrialOutcome[]>;
  /** The fold studies run whole where this evaluator evaluates; each study's trials in trial order. */
  runStudies?(requests: readonly StudyRequest[], onProgress?: StudyProgress): Promise<TrialRecord[][]>;
}

/** What every trial of a run shares: the strategy, the bars and the settings. */
export interface EvaluationContext {
  readonly strategy: StrategyDefinition;
  readonly feeds: readonly BarColumns[];
  readonly settings: TrialSettings;
}

export class LocalTrialEvaluator implements TrialEvaluator {
  constructor(private readonly context: EvaluationContext) {}

  evaluate(tasks: readonly TrialTask[]): Promise<TrialOutcome[]> {
    return Promise.resolve(tasks.map((task) => evaluateTask(this.context, task)));
  }
}

export function evaluateTask(context: EvaluationContext, task: TrialTask): TrialOutcome {
  return evaluateTrial({ strategy: context.strategy, feeds: context.feeds, settings: context.settings, window: task.window, parameters: task.parameters });
}
