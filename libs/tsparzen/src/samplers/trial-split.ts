// TPE's split of the study's history into a good group and the rest, as in
// Optuna's `_split_observation_pairs`: complete trials rank by loss, pruned ones
// after them (deeper-reaching first, then by their last value), running ones
// (constant liar) last; ties go to the earlier trial.
import { type FrozenTrial, type StudyView, type TrialRecord, lastStep, lossOf } from '../trial-record';
import { type TpeSettings, goodCount } from './tpe-settings';

export interface RankedTrials {
  /** Good trials, in trial-number order. */
  readonly good: readonly TrialRecord[];
  /** Other trials, in trial-number order. */
  readonly bad: readonly TrialRecord[];
}

/** Trials that have told their result: complete or pruned. */
export function finishedCount(study: StudyView): number {
  let count = 0;
  for (const trial of study.trials) if (trial.state === 'complete' || trial.state === 'pruned') count++;
  return count;
}

/**
 * Splits every usable trial but `current`. The good group's size comes from the finished
 * trials alone: running trials under the constant liar rank last and join the bad group,
 * but they must not enlarge the good group (Optuna computes `gamma(n)` with n excluding them).
 */
export function splitTrials(study: StudyView, current: FrozenTrial, settings: TpeSettings): RankedTrials {
  const keyed: { trial: TrialRecord; tier: number; depth: number; loss: number }[] = [];
  let finished = 0;
  for (const trial of study.trials) {
    if (trial.number === current.number) continue;
    if (trial.state === 'complete' && trial.value !== null) {
      keyed.push({ trial, tier: 0, depth: 0, loss: lossOf(study.direction, trial.value) });
      finished++;
    } else if (trial.state === 'pruned') {
      const step = lastStep(trial);
      if (step === null) keyed.push({ trial, tier: 2, depth: 0, loss: 0 });
      else keyed.push({ trial, tier: 1, depth: -step, loss: lossOf(study.direction, trial.intermediateValues.get(step) as number) });
      finished++;
    } else if (trial.state === 'running' && settings.constantLiar) {
      keyed.push({ trial, tier: 3, depth: 0, loss: 0 });
    }
  }
  keyed.sort((a, b) => a.tier - b.tier || a.depth - b.depth || compareLoss(a.loss, b.loss) || a.trial.number - b.trial.number);
  const cut = goodCount(settings, finished);
  const byNumber = (a: TrialRecord, b: TrialRecord): number => a.number - b.number;
  return {
    good: keyed.slice(0, cut).map((k) => k.trial).sort(byNumber),
    bad: keyed.slice(cut).map((k) => k.trial).sort(byNumber),
  };
}

function compareLoss(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
