// The walk-forward's studies: one TPE study per fold over its train window.
// Run here, all folds advance at once: each asks a batch, waits for its
// outcomes and tells them before asking again, while the other folds' batches
// keep the evaluator's workers busy. A fold's suggestions depend only on its
// own seed, batch size and outcomes, so neither the order in which batches
// finish nor where a study runs changes anything in the result.
import type { BarColumns } from '@trading/domain';
import type { ParameterSpec } from '@trading/strategies';
import { firstIndexAtOrAfter } from '../evaluation/bar-window';
import type { StudyProgress, StudyRequest, TrialEvaluator } from '../evaluation/evaluator.port';
import type { TrialWindow } from '../evaluation/trial-evaluator';
import { FoldStudy, type TrialRecord } from '../search/fold-study';
import type { FoldWindow } from '../windows/walk-forward-windows';

/** The time the first warm-up bar of a window starting at `time` starts: `lead[f]` bars earlier in each feed, the earliest of them. */
export function warmupStart(feeds: readonly BarColumns[], leads: readonly number[], time: number): number {
  let start = time;
  feeds.forEach((bars, f) => {
    if (bars.length === 0) return;
    const index = Math.min(bars.length - 1, Math.max(0, firstIndexAtOrAfter(bars, time) - leads[f]));
    start = Math.min(start, bars.time[index]);
  });
  return start;
}

/** The first time every feed has its warm-up behind it. */
export function earliestTradable(feeds: readonly BarColumns[], leads: readonly number[]): number {
  let earliest = Number.NEGATIVE_INFINITY;
  feeds.forEach((bars, f) => {
    if (leads[f] >= bars.length) throw new RangeError(`${bars.symbol}: ${bars.length} bars do not cover the strategy's warm-up of ${leads[f]} bars`);
    earliest = Math.max(earliest, bars.time[leads[f]]);
  });
  return earliest;
}

export function trainWindow(feeds: readonly BarColumns[], leads: readonly number[], fold: FoldWindow): TrialWindow {
  return { from: warmupStart(feeds, leads, fold.trainFrom), tradeFrom: fold.trainFrom, to: fold.trainTo };
}

export function testWindow(feeds: readonly BarColumns[], leads: readonly number[], fold: FoldWindow): TrialWindow {
  return { from: warmupStart(feeds, leads, fold.testFrom), tradeFrom: fold.testFrom, to: fold.testTo };
}

/** One fold's study, run to the end with `evaluator`; its trials in trial order. */
export async function runFoldStudy(request: StudyRequest, specs: readonly ParameterSpec[], evaluator: TrialEvaluator, onProgress?: StudyProgress): Promise<TrialRecord[]> {
  const study = new FoldStudy(request.fold, request.window, specs, request.plan);
  while (!study.done) {
    const batch = study.nextBatch();
    const outcomes = await evaluator.evaluate(batch.map((pending) => pending.task));
    study.tell(batch, outcomes);
    onProgress?.(study.fold, study.records.length, request.plan.trials);
  }
  return study.records;
}

/** Every fold's study: where the evaluator runs them, or here with all folds in flight at once. */
export function runFoldStudies(requests: readonly StudyRequest[], specs: readonly ParameterSpec[], evaluator: TrialEvaluator, onProgress?: StudyProgress): Promise<TrialRecord[][]> {
  if (evaluator.runStudies) return evaluator.runStudies(requests, onProgress);
  return Promise.all(requests.map((request) => runFoldStudy(request, specs, evaluator, onProgress)));
}
