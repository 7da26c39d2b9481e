// Asynchronous successive halving (ASHA): rungs at minResource * factor^k
// steps; a trial reaching a rung continues only if its value there is in the
// best 1/reductionFactor of all values recorded at that rung so far.
import { type StudyView, type TrialRecord, lossOf } from '../trial-record';
import { type Pruner, type PrunerSnapshot, checkCount } from './pruner';

export interface SuccessiveHalvingOptions {
  /** Steps a trial runs before its first rung (default 1). */
  readonly minResource?: number;
  /** Keep the best 1/reductionFactor at each rung (default 4). */
  readonly reductionFactor?: number;
  /** Skip the first rungs: the first is at minResource * factor^rate (default 0). */
  readonly minEarlyStoppingRate?: number;
}

const rungKey = (rung: number): string => `completed_rung_${rung}`;

export class SuccessiveHalvingPruner implements Pruner {
  private readonly settings: Required<SuccessiveHalvingOptions>;

  constructor(options: SuccessiveHalvingOptions = {}) {
    this.settings = {
      minResource: options.minResource ?? 1,
      reductionFactor: options.reductionFactor ?? 4,
      minEarlyStoppingRate: options.minEarlyStoppingRate ?? 0,
    };
    checkCount('SuccessiveHalvingPruner', 'minResource', this.settings.minResource, 1);
    checkCount('SuccessiveHalvingPruner', 'reductionFactor', this.settings.reductionFactor, 2);
    checkCount('SuccessiveHalvingPruner', 'minEarlyStoppingRate', this.settings.minEarlyStoppingRate, 0);
  }

  snapshot(): PrunerSnapshot {
    return { type: 'successive-halving', settings: { ...this.settings } };
  }

  shouldPrune(study: StudyView, trial: TrialRecord): boolean {
    const { minResource, reductionFactor, minEarlyStoppingRate } = this.settings;
    let rung = 0;
    while (trial.systemAttributes[rungKey(rung)] !== undefined) rung++;
    let step = -Infinity;
    for (const s of trial.intermediateValues.keys()) step = Math.max(step, s);
    if (step === -Infinity) return false;
    const value = trial.intermediateValues.get(step) as number;
    for (;;) {
      const promotionStep = minResource * Math.pow(reductionFactor, minEarlyStoppingRate + rung);
      if (step < promotionStep) return false;
      const loss = lossOf(study.direction, value);
      trial.systemAttributes[rungKey(rung)] = loss;
      const competing: number[] = [];
      for (const other of study.trials) {
        const recorded = other.systemAttributes[rungKey(rung)];
        if (recorded !== undefined) competing.push(recorded);
      }
      competing.sort((a, b) => a - b);
      const cutoff = competing[Math.max(0, Math.floor(competing.length / reductionFactor) - 1)];
      if (loss > cutoff) return true;
      rung++;
    }
  }
}
