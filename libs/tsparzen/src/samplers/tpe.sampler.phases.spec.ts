import { Study } from '../study';
import { RandomSampler } from './random.sampler';
import { TpeSampler } from './tpe.sampler';

/** Tells `count` trials on x and y (loss (x - target)^2 + y) to `study`. */
function tellTrials(study: Study, count: number, target: number): void {
  for (let i = 0; i < count; i++) {
    const trial = study.ask();
    study.tell(trial, (trial.suggestFloat('x', 0, 1) - target) ** 2 + trial.suggestFloat('y', 0, 1));
  }
}

/** `name` suggested now on [0, 1] for trial `number` of `study` and of a copy restored now (its sampler has nothing cached). */
function nowAndRestored(study: Study, number: number, name = 'x'): [number, number] {
  const copy = Study.restore(JSON.stringify(study.toJSON()));
  return [study.trial(number).suggestFloat(name, 0, 1), copy.trial(number).suggestFloat(name, 0, 1)];
}

describe('TpeSampler phases', () => {
  it('models the trial after exactly nStartupTrials finished ones', () => {
    const xs = (sampler: TpeSampler | RandomSampler): number[] => {
      const study = new Study({ sampler });
      tellTrials(study, 4, 0.5);
      return [study.ask().suggestFloat('x', 0, 1)];
    };
    // Four finished trials: with nStartupTrials 5 the fifth is still random, with 4 it is modelled.
    expect(xs(new TpeSampler({ seed: 2, nStartupTrials: 5 }))).toEqual(xs(new RandomSampler({ seed: 2 })));
    expect(xs(new TpeSampler({ seed: 2, nStartupTrials: 4 }))).not.toEqual(xs(new RandomSampler({ seed: 2 })));
  });

  it('samples jointly once nStartupTrials trials are complete or pruned; failed and running ones do not count', () => {
    const relativeNames = (last: 'pruned' | 'failed' | 'running'): string[] => {
      const study = new Study({ sampler: new TpeSampler({ seed: 1, multivariate: true, nStartupTrials: 3 }) });
      tellTrials(study, 2, 0.5);
      const third = study.ask();
      third.suggestFloat('x', 0, 1);
      third.suggestFloat('y', 0, 1);
      third.report(1, 0.3);
      if (last !== 'running') study.tell(third, last);
      study.ask();
      return Object.keys(study.toJSON().trials[3].relativeParams);
    };
    expect(relativeNames('pruned')).toEqual(['x', 'y']);
    expect(relativeNames('failed')).toEqual([]);
    expect(relativeNames('running')).toEqual([]);
  });

  it('samples nothing jointly in univariate mode, even after the start-up trials', () => {
    const study = new Study({ sampler: new TpeSampler({ seed: 1, nStartupTrials: 2 }) });
    tellTrials(study, 4, 0.5);
    study.ask();
    expect(study.toJSON().trials[4].relativeParams).toEqual({});
  });

  it('spends no draw at ask time when the finished trials share no parameter', () => {
    const sampler = new TpeSampler({ seed: 1, multivariate: true, nStartupTrials: 2 });
    const study = new Study({ sampler });
    for (const name of ['a', 'b']) {
      const trial = study.ask();
      study.tell(trial, trial.suggestFloat(name, 0, 1));
    }
    const before = sampler.snapshot().random;
    study.ask();
    expect(sampler.snapshot().random).toEqual(before);
    expect(study.toJSON().trials[2].relativeParams).toEqual({});
  });
});

describe('TpeSampler split cache', () => {
  // The sampler keeps the last good/bad split for reuse by the same trial of the same study
  // while no trial starts or ends. A copy restored on the spot has no cache: it must agree.
  it('does not reuse a split once a trial has ended', () => {
    const study = new Study({ sampler: new TpeSampler({ seed: 6, nStartupTrials: 3 }) });
    tellTrials(study, 5, 0.2);
    const trial = study.ask();
    trial.suggestFloat('x', 0, 1);
    // A new best trial without parameters: it takes the one good place (ceil(0.1 * 6)), so l(y) is the prior alone.
    study.tell(study.ask(), -1);
    const [now, restored] = nowAndRestored(study, trial.number, 'y');
    expect(now).toBe(restored);
  });

  it('does not reuse the split of another trial in flight', () => {
    const study = new Study({ sampler: new TpeSampler({ seed: 6, nStartupTrials: 3 }) });
    tellTrials(study, 5, 0.2);
    const first = study.ask();
    const second = study.ask();
    first.suggestFloat('x', 0, 1);
    // The second trial's split must hold the first (running, with x now) under the constant liar.
    const [now, restored] = nowAndRestored(study, second.number);
    expect(now).toBe(restored);
  });

  it('does not reuse the split of another study sharing the sampler', () => {
    const sampler = new TpeSampler({ seed: 6, nStartupTrials: 3 });
    const low = new Study({ sampler });
    const high = new Study({ sampler });
    tellTrials(low, 5, 0);
    tellTrials(high, 5, 1);
    // Same revision and trial number in both studies: only the study tells the splits apart.
    low.ask().suggestFloat('x', 0, 1);
    high.ask();
    const [now, restored] = nowAndRestored(high, 5);
    expect(now).toBe(restored);
  });
});
