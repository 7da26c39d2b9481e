// The handle an objective receives: it suggests parameters (define-by-run, so
// a parameter may exist only for some choices of another) and reports
// intermediate values for pruning.
import {
  type CategoricalChoice,
  type Distribution,
  type ParamValue,
  type RangeOptions,
  categoricalDistribution,
  floatDistribution,
  intDistribution,
} from './distributions';
import type { FrozenTrial } from './trial-record';

/** What a trial needs from its study; kept narrow so the two classes stay decoupled. */
export interface TrialHost {
  suggest(trialNumber: number, name: string, distribution: Distribution): ParamValue;
  report(trialNumber: number, step: number, value: number): void;
  shouldPrune(trialNumber: number): boolean;
  frozen(trialNumber: number): FrozenTrial;
}

/** Thrown by an objective to end its trial as pruned; `optimize` records it as such. */
export class TrialPrunedError extends Error {
  constructor(message = 'trial pruned') {
    super(message);
    this.name = 'TrialPrunedError';
  }
}

export class Trial {
  constructor(
    private readonly host: TrialHost,
    readonly number: number,
  ) {}

  get params(): Readonly<Record<string, ParamValue>> {
    return this.host.frozen(this.number).params;
  }

  get state(): FrozenTrial['state'] {
    return this.host.frozen(this.number).state;
  }

  suggestFloat(name: string, low: number, high: number, options?: RangeOptions): number {
    return this.host.suggest(this.number, name, floatDistribution(name, low, high, options)) as number;
  }

  suggestInt(name: string, low: number, high: number, options?: RangeOptions): number {
    return this.host.suggest(this.number, name, intDistribution(name, low, high, options)) as number;
  }

  suggestCategorical<T extends CategoricalChoice>(name: string, choices: readonly T[]): T {
    return this.host.suggest(this.number, name, categoricalDistribution(name, choices)) as T;
  }

  /** Records the objective's value after `step` (e.g. after a walk-forward fold). */
  report(step: number, value: number): void {
    this.host.report(this.number, step, value);
  }

  /** Asks the study's pruner whether this trial should stop now. */
  shouldPrune(): boolean {
    return this.host.shouldPrune(this.number);
  }
}
