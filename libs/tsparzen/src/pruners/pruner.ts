// The contract of a pruner: given the study and a running trial that has
// reported intermediate values, should the trial stop early?
import type { StudyView, TrialRecord } from '../trial-record';
import type { MedianPrunerOptions } from './median.pruner';
import type { SuccessiveHalvingOptions } from './successive-halving.pruner';

export type PrunerSnapshot =
  | { readonly type: 'none' }
  | { readonly type: 'median'; readonly settings: Required<MedianPrunerOptions> }
  | { readonly type: 'successive-halving'; readonly settings: Required<SuccessiveHalvingOptions> };

export interface Pruner {
  /** May record bookkeeping in `trial.systemAttributes`; it is saved with the study. */
  shouldPrune(study: StudyView, trial: TrialRecord): boolean;
  snapshot(): PrunerSnapshot;
}

export class NopPruner implements Pruner {
  shouldPrune(): boolean {
    return false;
  }

  snapshot(): PrunerSnapshot {
    return { type: 'none' };
  }
}

export function checkCount(owner: string, name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${owner} option ${name} must be an integer >= ${min}, got ${value}`);
}
