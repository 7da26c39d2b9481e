// Random search: every parameter drawn uniformly (log-uniformly for log ranges).
// The floor any model-based sampler must beat.
import type { Distribution, ParamValue } from '../distributions';
import { type RandomState, SeededGenerator } from '../random';
import type { FrozenTrial, StudyView } from '../trial-record';
import { NO_RELATIVE_SAMPLE, type RelativeSample, type Sampler, type SamplerSnapshot } from './sampler';
import { drawUniform } from './uniform-draw';

export interface RandomSamplerOptions {
  readonly seed?: number;
}

export class RandomSampler implements Sampler {
  private readonly random: SeededGenerator;

  constructor(options: RandomSamplerOptions = {}, state?: RandomState) {
    this.random = state ? SeededGenerator.fromState(state) : new SeededGenerator(options.seed ?? 0);
  }

  sampleRelative(_study: StudyView, _trial: FrozenTrial): RelativeSample {
    return NO_RELATIVE_SAMPLE;
  }

  sampleIndependent(_study: StudyView, _trial: FrozenTrial, _name: string, distribution: Distribution): ParamValue {
    return drawUniform(this.random, distribution);
  }

  snapshot(): SamplerSnapshot {
    return { type: 'random', random: this.random.state() };
  }
}
