// The contract between a study and a sampler. A sampler may choose several
// parameters jointly when a trial starts (relative sampling) and chooses the
// rest one at a time as the objective asks for them (independent sampling).
import type { Distribution, ParamValue } from '../distributions';
import type { RandomState } from '../random';
import type { FrozenTrial, StudyView } from '../trial-record';
import type { TpeSettings } from './tpe-settings';

export interface RelativeSample {
  readonly distributions: Record<string, Distribution>;
  readonly params: Record<string, ParamValue>;
}

export type SamplerSnapshot =
  | { readonly type: 'random'; readonly random: RandomState }
  | { readonly type: 'tpe'; readonly settings: TpeSettings; readonly random: RandomState };

export interface Sampler {
  sampleRelative(study: StudyView, trial: FrozenTrial): RelativeSample;
  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): ParamValue;
  /** Settings and generator state: enough to rebuild a sampler that continues identically. */
  snapshot(): SamplerSnapshot;
}

export const NO_RELATIVE_SAMPLE: RelativeSample = Object.freeze({ distributions: {}, params: {} });
