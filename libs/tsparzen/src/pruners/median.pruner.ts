// Median stopping: prune a trial whose best value so far is worse than the
// median of what complete trials had reported at the same step.
import { type StudyView, type TrialRecord, lastStep, lossOf } from '../trial-record';
import { type Pruner, type PrunerSnapshot, checkCount } from './pruner';

export interface MedianPrunerOptions {
  /** Complete trials needed before anything is pruned (default 5). */
  readonly nStartupTrials?: number;
  /** Steps below this are never pruned (default 0). */
  readonly nWarmupSteps?: number;
  /** Check only every this many steps after the warm-up (default 1). */
  readonly intervalSteps?: number;
  /** Complete trials that must have reported at the step for a comparison (default 1). */
  readonly nMinTrials?: number;
}

export class MedianPruner implements Pruner {
  private readonly settings: Required<MedianPrunerOptions>;

  constructor(options: MedianPrunerOptions = {}) {
    this.settings = {
      nStartupTrials: options.nStartupTrials ?? 5,
      nWarmupSteps: options.nWarmupSteps ?? 0,
      intervalSteps: options.intervalSteps ?? 1,
      nMinTrials: options.nMinTrials ?? 1,
    };
    checkCount('MedianPruner', 'nStartupTrials', this.settings.nStartupTrials, 0);
    checkCount('MedianPruner', 'nWarmupSteps', this.settings.nWarmupSteps, 0);
    checkCount('MedianPruner', 'intervalSteps', this.settings.intervalSteps, 1);
    checkCount('MedianPruner', 'nMinTrials', this.settings.nMinTrials, 1);
  }

  snapshot(): PrunerSnapshot {
    return { type: 'median', settings: { ...this.settings } };
  }

  shouldPrune(study: StudyView, trial: TrialRecord): boolean {
    const step = lastStep(trial);
    if (step === null || step < this.settings.nWarmupSteps) return false;
    if ((step - this.settings.nWarmupSteps) % this.settings.intervalSteps !== 0) return false;
    const complete = study.trials.filter((t) => t.state === 'complete');
    if (complete.length === 0 || complete.length < this.settings.nStartupTrials) return false;
    let best = Infinity;
    for (const value of trial.intermediateValues.values()) best = Math.min(best, lossOf(study.direction, value));
    const atStep: number[] = [];
    for (const other of complete) {
      const value = other.intermediateValues.get(step);
      if (value !== undefined) atStep.push(lossOf(study.direction, value));
    }
    if (atStep.length < this.settings.nMinTrials) return false;
    return best > median(atStep);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
