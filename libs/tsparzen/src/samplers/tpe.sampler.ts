// The Tree-structured Parzen Estimator (Bergstra et al. 2011) with Optuna's
// refinements. Finished trials are ranked and split into a good group (the best
// gamma share) and the rest; a Parzen estimator l(x) is fitted to the good
// group and g(x) to the rest; candidates drawn from l(x) are scored by
// l(x)/g(x) and the best one is suggested. Univariate mode models each
// parameter alone; multivariate mode models the parameters every finished
// trial shares with one joint mixture, or with `group`, each group of
// parameters that always occur together with a joint mixture of its own.
import { type Distribution, type ParamValue, sameDistribution } from '../distributions';
import { type Columns, type EstimatorOptions, ParzenEstimator, type SpaceEntry } from '../parzen-estimator';
import { type RandomState, SeededGenerator } from '../random';
import type { FrozenTrial, StudyView, TrialRecord } from '../trial-record';
import { NO_RELATIVE_SAMPLE, type RelativeSample, type Sampler, type SamplerSnapshot } from './sampler';
import { groupedSearchSpaces, sharedSearchSpace } from './search-space-groups';
import { type TpeOptions, type TpeSettings, observationWeights, tpeSettings } from './tpe-settings';
import { type RankedTrials, finishedCount, splitTrials } from './trial-split';
import { drawUniform } from './uniform-draw';

export class TpeSampler implements Sampler {
  readonly settings: TpeSettings;
  private readonly random: SeededGenerator;
  private readonly estimatorOptions: EstimatorOptions;
  /** The last ranking: suggestions within one trial reuse it while no trial starts or ends. */
  private rankCache: { study: StudyView; revision: number; trialNumber: number; ranked: RankedTrials } | null = null;

  constructor(options: TpeOptions = {}, state?: RandomState) {
    this.settings = tpeSettings(options);
    this.random = state ? SeededGenerator.fromState(state) : new SeededGenerator(options.seed ?? 0);
    this.estimatorOptions = {
      priorWeight: this.settings.priorWeight,
      considerMagicClip: this.settings.considerMagicClip,
      considerEndpoints: this.settings.considerEndpoints,
      multivariate: this.settings.multivariate,
      bandwidthWeighted: this.settings.bandwidthWeighted,
    };
  }

  snapshot(): SamplerSnapshot {
    return { type: 'tpe', settings: { ...this.settings }, random: this.random.state() };
  }

  sampleRelative(study: StudyView, trial: FrozenTrial): RelativeSample {
    if (!this.settings.multivariate || finishedCount(study) < this.settings.nStartupTrials) return NO_RELATIVE_SAMPLE;
    const spaces = this.settings.group ? groupedSearchSpaces(study) : [sharedSearchSpace(study)].filter((space) => space.length > 0);
    if (spaces.length === 0) return NO_RELATIVE_SAMPLE;
    const ranked = this.rank(study, trial);
    const distributions: Record<string, Distribution> = {};
    const params: Record<string, ParamValue> = {};
    for (const space of spaces) {
      const chosen = this.chooseByExpectedImprovement(space, ranked);
      space.forEach((entry, i) => {
        distributions[entry.name] = entry.distribution;
        params[entry.name] = chosen[i];
      });
    }
    return { distributions, params };
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): ParamValue {
    if (finishedCount(study) < this.settings.nStartupTrials) return drawUniform(this.random, distribution);
    const ranked = this.rank(study, trial);
    return this.chooseByExpectedImprovement([{ name, distribution }], ranked)[0];
  }

  /** The good/bad split (see `splitTrials`), reused while no trial starts or ends. */
  private rank(study: StudyView, current: FrozenTrial): RankedTrials {
    const cache = this.rankCache;
    if (cache !== null && cache.study === study && cache.revision === study.revision && cache.trialNumber === current.number) return cache.ranked;
    const ranked = splitTrials(study, current, this.settings);
    this.rankCache = { study, revision: study.revision, trialNumber: current.number, ranked };
    return ranked;
  }

  private chooseByExpectedImprovement(space: readonly SpaceEntry[], ranked: RankedTrials): ParamValue[] {
    const good = this.estimator(space, ranked.good);
    const bad = this.estimator(space, ranked.bad);
    const candidates = good.sample(this.random, this.settings.nEiCandidates);
    const logGood = good.logPdf(candidates);
    const logBad = bad.logPdf(candidates);
    let best = 0;
    let bestScore = -Infinity;
    for (let i = 0; i < logGood.length; i++) {
      const score = logGood[i] - logBad[i];
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return space.map((entry, p) => {
      const value = candidates[p][best];
      return entry.distribution.kind === 'categorical' ? entry.distribution.choices[value] : value;
    });
  }

  /** Fits a Parzen estimator to the trials that hold every parameter of the space with the same distribution. */
  private estimator(space: readonly SpaceEntry[], trials: readonly TrialRecord[]): ParzenEstimator {
    const usable = trials.filter((trial) =>
      space.every((entry) => {
        const distribution = knownDistribution(trial, entry.name);
        return distribution !== undefined && sameDistribution(distribution, entry.distribution);
      }),
    );
    const columns: Columns = space.map((entry) => {
      const column = new Float64Array(usable.length);
      const d = entry.distribution;
      usable.forEach((trial, i) => {
        const value = knownValue(trial, entry.name);
        column[i] = d.kind === 'categorical' ? d.choices.indexOf(value) : (value as number);
      });
      return column;
    });
    return new ParzenEstimator(space, columns, observationWeights(this.settings, usable.length), this.estimatorOptions);
  }
}

// A running trial's jointly sampled values count before its objective asks for them, so
// asks made back to back (workers sharing a study) already see each other through the liar.
function knownDistribution(trial: TrialRecord, name: string): Distribution | undefined {
  return trial.distributions[name] ?? (trial.state === 'running' ? trial.relativeDistributions[name] : undefined);
}

function knownValue(trial: TrialRecord, name: string): ParamValue {
  return name in trial.params ? trial.params[name] : trial.relativeParams[name];
}
