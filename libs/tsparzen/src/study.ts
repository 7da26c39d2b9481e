// A study: one optimisation run. It hands out trials (ask), records their
// results (tell), drives an objective (optimize), answers for the best trial,
// and saves to / restores from JSON.
import { type Distribution, type ParamValue, compatibleDistributions, describeDistribution, isSingle, sameDistribution, singleValue } from './distributions';
import { NopPruner, type Pruner } from './pruners/pruner';
import type { Sampler } from './samplers/sampler';
import { TpeSampler } from './samplers/tpe.sampler';
import {
  SnapshotError,
  type StudySnapshot,
  decodePruner,
  decodeSampler,
  decodeTrial,
  encodeTrial,
} from './study-snapshot';
import { Trial, type TrialHost, TrialPrunedError } from './trial';
import { type Direction, type FrozenTrial, type StudyView, type TrialRecord, lastStep, lossOf } from './trial-record';

/** Milliseconds from any fixed origin; only `optimize`'s timeout reads it. */
export interface MonotonicClock {
  now(): number;
}

export interface StudyOptions {
  readonly direction?: Direction;
  /** Default: a univariate TPE sampler with seed 0. */
  readonly sampler?: Sampler;
  /** Default: no pruning. */
  readonly pruner?: Pruner;
  /** Default: `performance.now()`. */
  readonly clock?: MonotonicClock;
}

export type Objective = (trial: Trial) => number | Promise<number>;

export interface OptimizeOptions {
  /** Trials to start in this call. */
  readonly nTrials?: number;
  /** Start no new trial once this many milliseconds have passed. */
  readonly timeoutMs?: number;
  /** Trials in flight at once, for async objectives (default 1). */
  readonly concurrency?: number;
  /** Record a throwing objective as a failed trial and go on, instead of rethrowing (default false). */
  readonly catchErrors?: boolean;
}

export type TellResult = number | 'pruned' | 'failed';

// Typed locally: the library is compiled without DOM or Node typings, and both provide it.
const defaultClock: MonotonicClock = { now: () => (globalThis as unknown as { performance: MonotonicClock }).performance.now() };

export class Study implements TrialHost {
  readonly direction: Direction;
  private readonly sampler: Sampler;
  private readonly pruner: Pruner;
  private readonly clock: MonotonicClock;
  private readonly records: TrialRecord[] = [];
  /** The first distribution seen per name: later suggestions must be of the same kind. */
  private readonly kinds = new Map<string, Distribution>();
  private readonly view: StudyView;
  private revision = 0;

  constructor(options: StudyOptions = {}) {
    const direction = options.direction ?? 'minimize';
    if (direction !== 'minimize' && direction !== 'maximize') {
      throw new RangeError(`direction must be 'minimize' or 'maximize', got ${JSON.stringify(direction)}`);
    }
    this.direction = direction;
    this.sampler = options.sampler ?? new TpeSampler();
    this.pruner = options.pruner ?? new NopPruner();
    this.clock = options.clock ?? defaultClock;
    const records = this.records;
    const revision = (): number => this.revision;
    this.view = {
      direction,
      trials: records,
      get revision() {
        return revision();
      },
    };
  }

  /** Rebuilds a study from `toJSON()` output (an object or its JSON text). */
  static restore(snapshot: StudySnapshot | string, options: { readonly clock?: MonotonicClock } = {}): Study {
    let raw: unknown = snapshot;
    if (typeof snapshot === 'string') {
      try {
        raw = JSON.parse(snapshot);
      } catch (error) {
        throw new SnapshotError(`not JSON: ${(error as Error).message}`);
      }
    }
    const value = raw as Partial<StudySnapshot>;
    if (typeof raw !== 'object' || raw === null || value.format !== 'tsparzen-study') throw new SnapshotError('format must be "tsparzen-study"');
    if (value.version !== 1) throw new SnapshotError(`unsupported version ${JSON.stringify(value.version)}`);
    if (value.direction !== 'minimize' && value.direction !== 'maximize') throw new SnapshotError('direction must be minimize or maximize');
    if (!Array.isArray(value.trials)) throw new SnapshotError('trials must be an array');
    const study = new Study({ direction: value.direction, sampler: decodeSampler(value.sampler), pruner: decodePruner(value.pruner), clock: options.clock });
    value.trials.forEach((trial, index) => {
      const record = decodeTrial(trial, index);
      for (const [name, distribution] of Object.entries(record.distributions)) study.checkKind(name, distribution);
      study.records.push(record);
    });
    study.revision++;
    return study;
  }

  toJSON(): StudySnapshot {
    return {
      format: 'tsparzen-study',
      version: 1,
      direction: this.direction,
      sampler: this.sampler.snapshot(),
      pruner: this.pruner.snapshot(),
      trials: this.records.map(encodeTrial),
    };
  }

  /** Starts a trial. Several may be in flight; each gets its own suggestions. */
  ask(): Trial {
    const record: TrialRecord = {
      number: this.records.length,
      state: 'running',
      value: null,
      params: {},
      distributions: {},
      intermediateValues: new Map(),
      failReason: null,
      relativeParams: {},
      relativeDistributions: {},
      systemAttributes: {},
    };
    const relative = this.sampler.sampleRelative(this.view, record);
    record.relativeParams = { ...relative.params };
    record.relativeDistributions = { ...relative.distributions };
    this.records.push(record);
    this.revision++;
    return new Trial(this, record.number);
  }

  /** Handle on a trial, e.g. a running one after `restore`. */
  trial(trialNumber: number): Trial {
    this.record(trialNumber);
    return new Trial(this, trialNumber);
  }

  /**
   * Ends a trial. A number completes it (NaN records it as failed); 'pruned' keeps its last
   * reported value; 'failed' records a failure. Returns the finished trial.
   */
  tell(trial: Trial | number, result: TellResult, failReason?: string): FrozenTrial {
    const record = this.running(typeof trial === 'number' ? trial : trial.number, 'tell');
    this.revision++;
    if (result === 'pruned') {
      const step = lastStep(record);
      record.state = 'pruned';
      record.value = step === null ? null : (record.intermediateValues.get(step) as number);
    } else if (result === 'failed') {
      record.state = 'failed';
      record.failReason = failReason ?? 'told failed';
    } else if (typeof result !== 'number') {
      throw new TypeError(`tell: result must be a number, 'pruned' or 'failed', got ${JSON.stringify(result)}`);
    } else if (Number.isNaN(result)) {
      record.state = 'failed';
      record.failReason = 'objective value is NaN';
    } else {
      record.state = 'complete';
      record.value = result;
    }
    return record;
  }

  /** Runs the objective until `nTrials` trials have started or `timeoutMs` has passed. */
  async optimize(objective: Objective, options: OptimizeOptions): Promise<void> {
    const { nTrials, timeoutMs, concurrency = 1, catchErrors = false } = options;
    if (nTrials === undefined && timeoutMs === undefined) throw new RangeError('optimize needs nTrials or timeoutMs');
    if (nTrials !== undefined && (!Number.isInteger(nTrials) || nTrials < 0)) throw new RangeError(`nTrials must be a non-negative integer, got ${nTrials}`);
    if (timeoutMs !== undefined && !(timeoutMs >= 0)) throw new RangeError(`timeoutMs must be a non-negative number, got ${timeoutMs}`);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
    const start = this.clock.now();
    let started = 0;
    let firstError: { error: unknown } | null = null;
    const mayStart = (): boolean =>
      firstError === null && (nTrials === undefined || started < nTrials) && (timeoutMs === undefined || this.clock.now() - start < timeoutMs);
    const worker = async (): Promise<void> => {
      while (mayStart()) {
        started++;
        const trial = this.ask();
        try {
          const value: unknown = await objective(trial);
          if (typeof value !== 'number') this.tell(trial, 'failed', `objective returned ${typeof value}, not a number`);
          else this.tell(trial, value);
        } catch (error) {
          if (error instanceof TrialPrunedError) {
            this.tell(trial, 'pruned');
            continue;
          }
          this.tell(trial, 'failed', `objective threw: ${error instanceof Error ? error.message : String(error)}`);
          if (!catchErrors && firstError === null) firstError = { error };
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    if (firstError !== null) throw (firstError as { error: unknown }).error;
  }

  get trials(): readonly FrozenTrial[] {
    return this.records;
  }

  /** The complete trial with the best value (the earliest on ties). Throws if none is complete. */
  get bestTrial(): FrozenTrial {
    let best: TrialRecord | null = null;
    for (const record of this.records) {
      if (record.state !== 'complete' || record.value === null) continue;
      if (best === null || lossOf(this.direction, record.value) < lossOf(this.direction, best.value as number)) best = record;
    }
    if (best === null) throw new Error('no complete trial yet: best value and params are undefined');
    return best;
  }

  get bestValue(): number {
    return this.bestTrial.value as number;
  }

  get bestParams(): Readonly<Record<string, ParamValue>> {
    return this.bestTrial.params;
  }

  // TrialHost: what Trial handles call.

  suggest(trialNumber: number, name: string, distribution: Distribution): ParamValue {
    const record = this.running(trialNumber, `suggest "${name}" in`);
    const existing = record.distributions[name];
    if (existing !== undefined) {
      if (!sameDistribution(existing, distribution)) {
        throw new Error(
          `parameter "${name}" was already suggested in trial ${trialNumber} as ${describeDistribution(existing)}; it cannot be re-suggested as ${describeDistribution(distribution)}`,
        );
      }
      return record.params[name];
    }
    this.checkKind(name, distribution);
    const relative = record.relativeDistributions[name];
    // A single-valued range takes its value without the sampler (as in Optuna), so it spends no draws.
    const value = isSingle(distribution)
      ? singleValue(distribution)
      : relative !== undefined && sameDistribution(relative, distribution)
        ? record.relativeParams[name]
        : this.sampler.sampleIndependent(this.view, record, name, distribution);
    record.distributions[name] = distribution;
    record.params[name] = value;
    return value;
  }

  report(trialNumber: number, step: number, value: number): void {
    const record = this.running(trialNumber, 'report to');
    if (!Number.isInteger(step) || step < 0) throw new RangeError(`report: step must be a non-negative integer, got ${step}`);
    if (typeof value !== 'number' || Number.isNaN(value)) throw new RangeError(`report: value at step ${step} must be a number, got ${String(value)}`);
    if (record.intermediateValues.has(step)) throw new Error(`report: trial ${trialNumber} already reported step ${step}`);
    record.intermediateValues.set(step, value);
  }

  shouldPrune(trialNumber: number): boolean {
    return this.pruner.shouldPrune(this.view, this.running(trialNumber, 'shouldPrune for'));
  }

  frozen(trialNumber: number): FrozenTrial {
    return this.record(trialNumber);
  }

  private record(trialNumber: number): TrialRecord {
    const record = this.records[trialNumber];
    if (!Number.isInteger(trialNumber) || record === undefined) throw new RangeError(`no trial number ${trialNumber} in this study`);
    return record;
  }

  private running(trialNumber: number, action: string): TrialRecord {
    const record = this.record(trialNumber);
    if (record.state !== 'running') throw new Error(`cannot ${action} trial ${trialNumber}: it is already ${record.state}`);
    return record;
  }

  private checkKind(name: string, distribution: Distribution): void {
    const first = this.kinds.get(name);
    if (first === undefined) this.kinds.set(name, distribution);
    else if (!compatibleDistributions(first, distribution)) {
      throw new Error(
        `parameter "${name}" was first suggested as ${describeDistribution(first)}; ${describeDistribution(distribution)} is a different kind of parameter`,
      );
    }
  }
}
