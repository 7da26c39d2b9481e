import { RandomSampler } from './samplers/random.sampler';
import { TpeSampler } from './samplers/tpe.sampler';
import { Study } from './study';
import { TrialPrunedError } from './trial';

describe('Study trials', () => {
  it('rejects an unknown direction and an unknown trial number', () => {
    expect(() => new Study({ direction: 'up' as never })).toThrow(`direction must be 'minimize' or 'maximize', got "up"`);
    const study = new Study();
    study.ask();
    expect(() => study.trial(1)).toThrow('no trial number 1 in this study');
    // A number in a string (from JSON, say) is not a trial number, though it indexes the same array slot.
    expect(() => study.trial('0' as never)).toThrow('no trial number 0 in this study');
    expect(study.trial(0).state).toBe('running');
  });

  it('keeps the value of the highest reported step when a trial is told pruned, and none without reports', () => {
    const study = new Study({ sampler: new RandomSampler() });
    const trial = study.ask();
    trial.report(2, 0.9);
    trial.report(5, 0.3);
    trial.report(3, 0.7);
    expect(study.tell(trial.number, 'pruned')).toMatchObject({ state: 'pruned', value: 0.3 });
    expect(study.tell(study.ask(), 'pruned')).toMatchObject({ state: 'pruned', value: null });
  });

  it('records a failure told without a reason, and refuses a result that is no number', () => {
    const study = new Study();
    expect(study.tell(study.ask(), 'failed').failReason).toBe('told failed');
    const trial = study.ask();
    expect(() => study.tell(trial, 'done' as never)).toThrow(`tell: result must be a number, 'pruned' or 'failed', got "done"`);
    expect(trial.state).toBe('running');
  });

  it('takes the earliest of equal best values, and never a pruned or failed trial', () => {
    for (const [direction, values, best] of [
      ['minimize', [3, 1, 1], 1],
      ['maximize', [1, 3, 3], 1],
    ] as const) {
      const study = new Study({ direction, sampler: new RandomSampler() });
      const pruned = study.ask();
      pruned.report(0, direction === 'minimize' ? -100 : 100);
      study.tell(pruned, 'pruned');
      for (const value of values) {
        const trial = study.ask();
        trial.suggestInt('n', 0, 9);
        study.tell(trial, value);
      }
      expect(study.bestTrial.number).toBe(best + 1);
      expect(study.bestParams).toEqual(study.trials[best + 1].params);
    }
  });

  it('refuses reports and prune checks on finished trials, fractional steps and values that are no number', () => {
    const study = new Study();
    const trial = study.ask();
    expect(() => trial.report(1.5, 1)).toThrow('report: step must be a non-negative integer, got 1.5');
    expect(() => trial.report(0, 'x' as never)).toThrow('report: value at step 0 must be a number, got x');
    expect(trial.shouldPrune()).toBe(false);
    study.tell(trial, 1);
    expect(() => trial.report(1, 1)).toThrow('cannot report to trial 0: it is already complete');
    expect(() => trial.shouldPrune()).toThrow('cannot shouldPrune for trial 0: it is already complete');
    expect(() => trial.suggestFloat('x', 0, 1)).toThrow('cannot suggest "x" in trial 0: it is already complete');
  });

  it('shows a trial its own params and state', () => {
    const study = new Study({ sampler: new RandomSampler({ seed: 5 }) });
    const trial = study.ask();
    const x = trial.suggestFloat('x', 0, 1);
    expect([trial.params, trial.state]).toEqual([{ x }, 'running']);
    study.tell(trial, 'failed');
    expect(trial.state).toBe('failed');
  });

  it('names a pruned trial error', () => {
    const error = new TrialPrunedError();
    expect([error.name, error.message, new TrialPrunedError('fold 2').message]).toEqual(['TrialPrunedError', 'trial pruned', 'fold 2']);
  });

  it('samples on its own a parameter whose jointly sampled distribution differs from the one asked for', () => {
    const study = new Study({ sampler: new TpeSampler({ seed: 3, multivariate: true, nStartupTrials: 3 }) });
    for (let i = 0; i < 4; i++) {
      const trial = study.ask();
      study.tell(trial, trial.suggestFloat('x', 0, 1) + trial.suggestFloat('y', 0, 1));
    }
    const trial = study.ask();
    const joint = study.toJSON().trials[4].relativeParams;
    expect(trial.suggestFloat('x', 0, 1)).toBe(joint.x);
    // y was sampled jointly on [0, 1]; asked on [0, 2] it is drawn afresh.
    expect(trial.suggestFloat('y', 0, 2)).not.toBe(joint.y);
  });
});

describe('Study suggestions within a trial', () => {
  /** Five told trials on x and y, under TPE after three random ones. */
  function started(): Study {
    const study = new Study({ sampler: new TpeSampler({ seed: 8, nStartupTrials: 3 }) });
    for (let i = 0; i < 5; i++) {
      const trial = study.ask();
      study.tell(trial, (trial.suggestFloat('x', 0, 1) - 0.3) ** 2 + (trial.suggestFloat('y', 0, 1) - 0.6) ** 2);
    }
    return study;
  }

  // The sampler reuses its good/bad split while no trial starts or ends (the study's revision
  // counts both); a trial that starts and ends between two suggestions must still be seen.
  it('see a trial that started and ended between two of their suggestions', () => {
    const study = started();
    const trial = study.ask();
    trial.suggestFloat('x', 0, 1);
    // The other trial suggests nothing (a suggestion of its own would replace the cached split), yet
    // as the best trial it takes the good group's one place (ceil(0.1 * 6)) and leaves l(y) the prior.
    study.tell(study.ask(), -1);
    const copy = Study.restore(JSON.stringify(study.toJSON()));
    expect(trial.suggestFloat('y', 0, 1)).toBe(copy.trial(trial.number).suggestFloat('y', 0, 1));
  });
});
