// tsparzen: a Tree-structured Parzen Estimator optimiser with an ask/tell
// study, define-by-run search spaces, pruning, parallel asks and JSON
// save/restore. No runtime dependencies.
export {
  type CategoricalChoice,
  type CategoricalDistribution,
  type Distribution,
  type FloatDistribution,
  type IntDistribution,
  type ParamValue,
  type RangeOptions,
} from './distributions';
export { SeededGenerator, type RandomState } from './random';
export { Study, type MonotonicClock, type Objective, type OptimizeOptions, type StudyOptions, type TellResult } from './study';
export { SnapshotError, type JsonNumber, type StudySnapshot, type TrialSnapshot } from './study-snapshot';
export { Trial, TrialPrunedError } from './trial';
export type { Direction, FrozenTrial, StudyView, TrialRecord, TrialState } from './trial-record';
export type { RelativeSample, Sampler, SamplerSnapshot } from './samplers/sampler';
export { RandomSampler, type RandomSamplerOptions } from './samplers/random.sampler';
export { TpeSampler } from './samplers/tpe.sampler';
export type { TpeOptions, TpeSettings } from './samplers/tpe-settings';
export { NopPruner, type Pruner, type PrunerSnapshot } from './pruners/pruner';
export { MedianPruner, type MedianPrunerOptions } from './pruners/median.pruner';
export { SuccessiveHalvingPruner, type SuccessiveHalvingOptions } from './pruners/successive-halving.pruner';
export { branin, hartmann6, rosenbrock5, sphere10, testFunctions, type TestFunction } from './testing/test-functions';
export { validationFunctions } from './testing/validation-functions';
