// What a study remembers about each trial, and the read-only view of it that
// samplers, pruners and callers see.
import type { Distribution, ParamValue } from './distributions';

export type Direction = 'minimize' | 'maximize';
export type TrialState = 'running' | 'complete' | 'pruned' | 'failed';

export interface FrozenTrial {
  readonly number: number;
  readonly state: TrialState;
  /** The objective value for a complete trial, the last reported value for a pruned one, else null. */
  readonly value: number | null;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly distributions: Readonly<Record<string, Distribution>>;
  /** Values reported with `trial.report(step, value)`, by step. */
  readonly intermediateValues: ReadonlyMap<number, number>;
  /** Why a failed trial failed (objective threw, returned NaN, or was told 'failed'). */
  readonly failReason: string | null;
}

export interface TrialRecord extends FrozenTrial {
  state: TrialState;
  value: number | null;
  params: Record<string, ParamValue>;
  distributions: Record<string, Distribution>;
  intermediateValues: Map<number, number>;
  failReason: string | null;
  /** Values a joint sampler chose at ask time, handed out when the objective asks for them. */
  relativeParams: Record<string, ParamValue>;
  relativeDistributions: Record<string, Distribution>;
  /** Bookkeeping that pruners keep per trial (e.g. successive-halving rung values). */
  systemAttributes: Record<string, number>;
}

/** What samplers and pruners may read from a study. */
export interface StudyView {
  readonly direction: Direction;
  readonly trials: readonly TrialRecord[];
  /** Changes whenever a trial starts or finishes, so samplers can cache what depends only on that. */
  readonly revision: number;
}

/** The value to minimise: maximised objectives are negated so every comparison has one sense. */
export function lossOf(direction: Direction, value: number): number {
  return direction === 'maximize' ? -value : value;
}

/** The last reported step of a trial, or null when it reported nothing. */
export function lastStep(trial: FrozenTrial): number | null {
  let last: number | null = null;
  for (const step of trial.intermediateValues.keys()) if (last === null || step > last) last = step;
  return last;
}
