// Walk-forward windows, laid out backwards from the end of the data so the
// most recent data is always tested: fold k's test window ends `step` before
// fold k+1's, and the last one ends where the data ends. Each train window
// ends `purge` before its test window starts (the gap keeps trades and
// indicator state of the train window from touching the test). Rolling train
// windows have the train length; anchored ones all start at the earliest
// tradable time, the first fold's being at least the train length.
import { type Duration, moveBack } from './duration';

export type WindowMode = 'rolling' | 'anchored';

export interface WindowPlan {
  readonly mode: WindowMode;
  readonly train: Duration;
  readonly test: Duration;
  /** Distance between consecutive test windows; at least the test length so they never overlap. */
  readonly step: Duration;
  readonly purge: Duration;
  readonly folds: number;
}

/** Half-open [from, to) UTC ms spans of one fold. */
export interface FoldWindow {
  readonly fold: number;
  readonly trainFrom: number;
  readonly trainTo: number;
  readonly testFrom: number;
  readonly testTo: number;
}

const DAY_MS = 86_400_000;

/**
 * The folds for data tradable from `earliest` (the first bar after the
 * warm-up) to `end` (the close of the last bar). Throws a RangeError saying
 * what does not fit.
 */
export function walkForwardWindows(plan: WindowPlan, earliest: number, end: number): FoldWindow[] {
  if (!Number.isInteger(plan.folds) || plan.folds < 1) throw new RangeError(`folds: expected a whole number >= 1, got ${plan.folds}`);
  if (plan.train.amount === 0) throw new RangeError('train: the train window cannot be empty');
  if (plan.test.amount === 0) throw new RangeError('test: the test window cannot be empty');
  const dataEnd = Math.ceil(end / DAY_MS) * DAY_MS;
  const folds: FoldWindow[] = [];
  for (let fold = 0; fold < plan.folds; fold++) {
    const later = plan.folds - 1 - fold;
    const testTo = moveBack(dataEnd, [[plan.step, later]]);
    const testFrom = moveBack(dataEnd, [[plan.step, later], [plan.test, 1]]);
    const trainTo = moveBack(dataEnd, [[plan.step, later], [plan.test, 1], [plan.purge, 1]]);
    const trainFrom = plan.mode === 'anchored' ? earliest : moveBack(dataEnd, [[plan.step, later], [plan.test, 1], [plan.purge, 1], [plan.train, 1]]);
    folds.push({ fold, trainFrom, trainTo, testFrom, testTo });
  }
  const first = folds[0];
  const neededFrom = plan.mode === 'anchored' ? moveBack(first.trainTo, [[plan.train, 1]]) : first.trainFrom;
  if (neededFrom < earliest) {
    throw new RangeError(
      `${plan.folds} folds of ${plan.train.text} train + ${plan.test.text} test (step ${plan.step.text}, purge ${plan.purge.text}) need tradable data from ${iso(neededFrom)}, ` +
        `but it starts at ${iso(earliest)} (after the strategy's warm-up); use fewer folds or shorter windows`,
    );
  }
  if (!stepAtLeastTest(plan, dataEnd)) throw new RangeError(`step: ${plan.step.text} is shorter than the ${plan.test.text} test window, so test windows would overlap`);
  return folds;
}

function stepAtLeastTest(plan: WindowPlan, end: number): boolean {
  return moveBack(end, [[plan.step, 1]]) <= moveBack(end, [[plan.test, 1]]);
}

function iso(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}
