import { RandomSampler } from '../samplers/random.sampler';
import { Study } from '../study';
import { MedianPruner, type MedianPrunerOptions } from './median.pruner';
import { NopPruner } from './pruner';
import { SuccessiveHalvingPruner } from './successive-halving.pruner';

/** A study whose complete trials reported `curves[k][step]` at each step, in the order given. */
function medianStudy(options: MedianPrunerOptions, curves: readonly (readonly (number | undefined)[])[]): Study {
  const study = new Study({ sampler: new RandomSampler(), pruner: new MedianPruner(options) });
  for (const curve of curves) {
    const trial = study.ask();
    curve.forEach((value, step) => {
      if (value !== undefined) trial.report(step, value);
    });
    study.tell(trial, 0);
  }
  return study;
}

/** Whether a new trial of `study` that reported `values` at steps 0, 1, … is pruned. */
function prunedAfter(study: Study, values: readonly number[]): boolean {
  const trial = study.ask();
  values.forEach((value, step) => trial.report(step, value));
  return trial.shouldPrune();
}

describe('MedianPruner at its boundaries', () => {
  it('compares with the median of the sorted values, the mean of the middle two for an even count', () => {
    // Step 0 values in completion order 9, 5: median 7.
    const even = medianStudy({ nStartupTrials: 2 }, [[9], [5]]);
    expect([prunedAfter(even, [7.5]), prunedAfter(even, [6.5])]).toEqual([true, false]);
    // 9, 5, 7: median 7, not the middle one of the unsorted values (5).
    const odd = medianStudy({ nStartupTrials: 3 }, [[9], [5], [7]]);
    expect([prunedAfter(odd, [6]), prunedAfter(odd, [7.5])]).toEqual([false, true]);
  });

  it('does not prune a trial whose best value equals the median', () => {
    expect(prunedAfter(medianStudy({ nStartupTrials: 3 }, [[9], [5], [7]]), [7])).toBe(false);
  });

  it('takes the median over the complete trials that reported at the step only', () => {
    // Step 1: only 4 and 6 were reported (median 5); the third trial stopped reporting after step 0.
    const study = medianStudy({ nStartupTrials: 3 }, [[1, 4], [1, 6], [1]]);
    expect([prunedAfter(study, [9, 5.5]), prunedAfter(study, [9, 4.5])]).toEqual([true, false]);
  });

  it('needs nMinTrials complete trials reporting at the step before it prunes', () => {
    const study = medianStudy({ nStartupTrials: 1, nMinTrials: 2 }, [[1, 2], [1]]);
    // Step 1 has one value (2): not enough. Step 0 has two (median 1).
    expect(prunedAfter(study, [5, 5])).toBe(false);
    expect(prunedAfter(study, [5])).toBe(true);
  });

  it('checks every intervalSteps steps counted from the end of the warm-up', () => {
    const study = medianStudy({ nStartupTrials: 1, nWarmupSteps: 1, intervalSteps: 3 }, [[1, 1, 1, 1, 1, 1]]);
    // Checked at steps 1 and 4 only, whatever the values.
    expect([1, 2, 3, 4, 5].map((last) => prunedAfter(study, Array.from({ length: last + 1 }, () => 9)))).toEqual([true, false, false, true, false]);
  });

  it('states its settings in its snapshot', () => {
    expect(new MedianPruner({ nStartupTrials: 2, intervalSteps: 3 }).snapshot()).toEqual({
      type: 'median',
      settings: { nStartupTrials: 2, nWarmupSteps: 0, intervalSteps: 3, nMinTrials: 1 },
    });
  });

  it.each([
    [{ nStartupTrials: -1 }, 'MedianPruner option nStartupTrials must be an integer >= 0, got -1'],
    [{ nWarmupSteps: 0.5 }, 'MedianPruner option nWarmupSteps must be an integer >= 0, got 0.5'],
    [{ nMinTrials: 0 }, 'MedianPruner option nMinTrials must be an integer >= 1, got 0'],
  ])('refuses %j', (options, message) => {
    expect(() => new MedianPruner(options)).toThrow(message);
  });
});

describe('SuccessiveHalvingPruner at its boundaries', () => {
  const study = (options = { reductionFactor: 2 }) => new Study({ sampler: new RandomSampler(), pruner: new SuccessiveHalvingPruner(options) });

  it('keeps the best floor(n / reductionFactor) at a rung: the cutoff is the value at that rank', () => {
    const s = study();
    for (const value of [1, 2, 3]) prunedAfter(s, [0, value]);
    // Rung 0 (step 1) now holds 1, 1.5, 2, 3: the best 2 are 1 and 1.5, so 1.5 is kept.
    expect(prunedAfter(s, [0, 1.5])).toBe(false);
    expect(prunedAfter(s, [0, 2.5])).toBe(true);
  });

  it('ranks a trial only among the trials that reached the rung', () => {
    const s = study();
    // Two trials that never reached step 1 hold no rung value.
    prunedAfter(s, [0]);
    prunedAfter(s, [0]);
    expect(prunedAfter(s, [0, 5])).toBe(false);
    expect(prunedAfter(s, [0, 6])).toBe(true);
  });

  it('judges a trial at each rung once: a rung passed stays passed however many better trials come', () => {
    const s = study();
    const early = s.ask();
    early.report(1, 5);
    expect(early.shouldPrune()).toBe(false);
    for (const value of [1, 2, 3]) prunedAfter(s, [0, value]);
    // At step 2 it is judged at rung 1 (2 steps), where it is alone, not again at rung 0.
    early.report(2, 5);
    expect(early.shouldPrune()).toBe(false);
  });

  it('prunes nothing that has reported nothing', () => {
    const s = study();
    prunedAfter(s, [0, 1]);
    expect(s.ask().shouldPrune()).toBe(false);
  });

  it('states its settings in its snapshot', () => {
    expect(new SuccessiveHalvingPruner({ reductionFactor: 3 }).snapshot()).toEqual({
      type: 'successive-halving',
      settings: { minResource: 1, reductionFactor: 3, minEarlyStoppingRate: 0 },
    });
  });

  it.each([
    [{ minResource: 0 }, 'SuccessiveHalvingPruner option minResource must be an integer >= 1, got 0'],
    [{ reductionFactor: 1 }, 'SuccessiveHalvingPruner option reductionFactor must be an integer >= 2, got 1'],
    [{ minEarlyStoppingRate: -1 }, 'SuccessiveHalvingPruner option minEarlyStoppingRate must be an integer >= 0, got -1'],
  ])('refuses %j', (options, message) => {
    expect(() => new SuccessiveHalvingPruner(options)).toThrow(message);
  });
});

describe('NopPruner', () => {
  it('prunes nothing and says so in its snapshot', () => {
    const s = new Study({ sampler: new RandomSampler(), pruner: new NopPruner() });
    expect([prunedAfter(s, [1e9]), new NopPruner().snapshot()]).toEqual([false, { type: 'none' }]);
  });
});
