import { type Distribution, type ParamValue, sameDistribution } from '../distributions';
import { ParzenEstimator, type SpaceEntry } from '../parzen-estimator';
import { SeededGenerator } from '../random';
import { Study } from '../study';
import type { FrozenTrial, StudyView, TrialRecord } from '../trial-record';
import type { SamplerSnapshot } from './sampler';
import { TpeSampler } from './tpe.sampler';
import { observationWeights } from './tpe-settings';
import { splitTrials } from './trial-split';

/**
 * The decision for `space` rebuilt from the parts: the split, l and g fitted to the trials of each
 * side that hold every parameter of the space with its distribution (choices by index), the 24
 * candidates l draws from the sampler's generator state, and the one with the largest log l - log g.
 */
function rebuiltChoice(study: Study, sampler: TpeSampler, current: number, space: SpaceEntry[]): ParamValue[] {
  const { settings, random } = sampler.snapshot() as Extract<SamplerSnapshot, { type: 'tpe' }>;
  const view: StudyView = { direction: 'minimize', trials: study.trials as readonly TrialRecord[], revision: 0 };
  // Before ask, the trial being asked for is not in the study yet; the split needs its number only.
  const { good, bad } = splitTrials(view, study.trials[current] ?? ({ number: current } as FrozenTrial), settings);
  const holds = (trial: TrialRecord): boolean =>
    space.every(({ name, distribution }) => trial.distributions[name] !== undefined && sameDistribution(trial.distributions[name], distribution));
  const column = (trials: TrialRecord[], { name, distribution: d }: { name: string; distribution: Distribution }): Float64Array =>
    Float64Array.from(trials, (t) => (d.kind === 'categorical' ? d.choices.indexOf(t.params[name]) : (t.params[name] as number)));
  const fit = (side: readonly TrialRecord[]): ParzenEstimator => {
    const usable = side.filter(holds);
    return new ParzenEstimator(
      space,
      space.map((entry) => column(usable, entry)),
      observationWeights(settings, usable.length),
      settings,
    );
  };
  const candidates = fit(good).sample(SeededGenerator.fromState(random), settings.nEiCandidates);
  const l = fit(good).logPdf(candidates);
  const g = fit(bad).logPdf(candidates);
  const scores = Array.from(l, (v, i) => v - g[i]);
  const best = scores.indexOf(Math.max(...scores));
  return space.map(({ distribution: d }, p) => (d.kind === 'categorical' ? d.choices[candidates[p][best]] : candidates[p][best]));
}

describe('TpeSampler choice of candidate', () => {
  // The sampler must suggest exactly the rebuilt candidate; three seeds, so that one where the
  // first candidate happens to win cannot let a sampler that takes any candidate pass.
  it('suggests the candidate drawn from l(x) with the largest log l(x) - log g(x)', () => {
    for (const seed of [1, 2, 3]) {
      const sampler = new TpeSampler({ seed, nStartupTrials: 3 });
      const study = new Study({ sampler });
      for (let i = 0; i < 12; i++) {
        const trial = study.ask();
        study.tell(trial, Math.abs(trial.suggestFloat('x', -5, 5) - 1));
      }
      const trial = study.ask();
      const space = [{ name: 'x', distribution: study.trials[0].distributions.x }];
      const expected = rebuiltChoice(study, sampler, trial.number, space);
      expect({ seed, x: trial.suggestFloat('x', -5, 5) }).toEqual({ seed, x: expected[0] });
    }
  });

  it('learns a categorical parameter from the indexes of the chosen values', () => {
    for (const seed of [1, 2, 3, 4]) {
      const sampler = new TpeSampler({ seed, nStartupTrials: 3 });
      const study = new Study({ sampler });
      const choices = ['low', 'mid', 'high', 'off'];
      for (let i = 0; i < 12; i++) {
        const trial = study.ask();
        study.tell(trial, choices.indexOf(trial.suggestCategorical('c', choices)));
      }
      const trial = study.ask();
      const expected = rebuiltChoice(study, sampler, trial.number, [{ name: 'c', distribution: study.trials[0].distributions.c }]);
      expect({ seed, c: trial.suggestCategorical('c', choices) }).toEqual({ seed, c: expected[0] });
    }
  });

  it('fits a joint space only to the trials that hold all of it with the distributions modelled', () => {
    // With group, x and y form one space at y's latest range [0, 1]; the first six trials asked y on
    // [0, 2] and hold x alike, but must not count for the pair.
    for (const seed of [1, 2]) {
      const sampler = new TpeSampler({ seed, multivariate: true, group: true, nStartupTrials: 4 });
      const study = new Study({ sampler });
      for (let i = 0; i < 12; i++) {
        const trial = study.ask();
        study.tell(trial, trial.suggestFloat('x', 0, 1) + trial.suggestFloat('y', 0, i < 6 ? 2 : 1));
      }
      const space = [
        { name: 'x', distribution: study.trials[11].distributions.x },
        { name: 'y', distribution: study.trials[11].distributions.y },
      ];
      const expected = rebuiltChoice(study, sampler, 12, space);
      study.ask();
      const { x, y } = study.toJSON().trials[12].relativeParams;
      expect({ seed, pair: [x, y] }).toEqual({ seed, pair: expected });
    }
  });
});
