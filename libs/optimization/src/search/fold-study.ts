// One fold's TPE study over its train window. Trials are asked in batches of
// a fixed size (each trial's parameters suggested before the next ask, so the
// constant liar keeps a batch spread out) and told back in trial order once
// the whole batch is evaluated: the sequence of suggestions depends on the
// seed and the batch size only, never on how many workers evaluated them.
//
// The objective is maximised under a minimum number of trades. A trial below
// it is told a penalty below any real objective that still grows with its
// trades (the sampler is steered towards trading enough); one whose parameters
// the strategy refuses (e.g. a fast period above the slow one) gets a lower one.
import type { ParameterSpec, ParameterValues } from '@trading/strategies';
import { Study, type Trial, TpeSampler } from '@trading/tsparzen';
import type { TrialTask } from '../evaluation/evaluator.port';
import type { TrialOutcome, TrialWindow } from '../evaluation/trial-evaluator';
import { type ObjectiveName, objectiveValue } from '../evaluation/window-metrics';
import { suggestParameters } from './search-space';

export interface StudyPlan {
  /** Trials per fold. */
  readonly trials: number;
  /** Trials asked and told together; results depend on it, not on the number of workers. */
  readonly batch: number;
  readonly objective: ObjectiveName;
  readonly minTrades: number;
  /** Base seed; fold k's sampler is seeded with seed * 1000 + k. */
  readonly seed: number;
}

export interface TrialRecord {
  readonly fold: number;
  readonly number: number;
  readonly parameters: ParameterValues;
  readonly outcome: TrialOutcome;
  /** The objective's value; null when the strategy refused the parameters. */
  readonly objective: number | null;
  /** Backtested and traded at least the minimum. */
  readonly feasible: boolean;
}

const TOO_FEW_TRADES = -1e9;
const REFUSED = -2e9;

export interface PendingTrial {
  readonly trial: Trial;
  readonly task: TrialTask;
}

export class FoldStudy {
  readonly records: TrialRecord[] = [];
  private readonly study: Study;
  private asked = 0;

  constructor(
    readonly fold: number,
    readonly window: TrialWindow,
    private readonly specs: readonly ParameterSpec[],
    readonly plan: StudyPlan,
  ) {
    if (!Number.isInteger(plan.trials) || plan.trials < 1) throw new RangeError(`trials: expected a whole number >= 1, got ${plan.trials}`);
    if (!Number.isInteger(plan.batch) || plan.batch < 1) throw new RangeError(`batch: expected a whole number >= 1, got ${plan.batch}`);
    const seed = (plan.seed * 1000 + fold) >>> 0;
    this.study = new Study({ direction: 'maximize', sampler: new TpeSampler({ seed, multivariate: true, constantLiar: true }) });
  }

  get done(): boolean {
    return this.asked >= this.plan.trials;
  }

  /** Asks the next batch (smaller at the end of the study). */
  nextBatch(): PendingTrial[] {
    const size = Math.min(this.plan.batch, this.plan.trials - this.asked);
    const batch: PendingTrial[] = [];
    for (let k = 0; k < size; k++) {
      const trial = this.study.ask();
      const parameters = suggestParameters(trial, this.specs);
      batch.push({ trial, task: { window: this.window, parameters } });
    }
    this.asked += size;
    return batch;
  }

  /** Tells the batch's outcomes, in trial order. */
  tell(batch: readonly PendingTrial[], outcomes: readonly TrialOutcome[]): void {
    if (outcomes.length !== batch.length) throw new RangeError(`expected ${batch.length} outcomes, got ${outcomes.length}`);
    batch.forEach(({ trial, task }, k) => {
      const outcome = outcomes[k];
      const record = this.record(trial.number, task.parameters, outcome);
      this.records.push(record);
      const told = record.feasible ? (record.objective as number) : outcome.status === 'ok' ? TOO_FEW_TRADES + outcome.metrics.trades : REFUSED;
      this.study.tell(trial, told);
    });
  }

  private record(number: number, parameters: ParameterValues, outcome: TrialOutcome): TrialRecord {
    if (outcome.status !== 'ok') return { fold: this.fold, number, parameters, outcome, objective: null, feasible: false };
    const objective = objectiveValue(outcome.metrics, this.plan.objective);
    return { fold: this.fold, number, parameters, outcome, objective, feasible: outcome.metrics.trades >= this.plan.minTrades };
  }
}

/** The feasible trial with the best objective (the earliest on a tie), or null. */
export function bestTrial(records: readonly TrialRecord[]): TrialRecord | null {
  let best: TrialRecord | null = null;
  for (const record of records) if (record.feasible && (best === null || (record.objective as number) > (best.objective as number))) best = record;
  return best;
}
