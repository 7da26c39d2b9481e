import { RandomSampler } from '../samplers/random.sampler';
import { Study } from '../study';
import { MedianPruner } from './median.pruner';
import { SuccessiveHalvingPruner } from './successive-halving.pruner';

/** Completes one trial per curve, reporting curve[step] at each step. */
function completeCurves(study: Study, curves: readonly (readonly number[])[]): void {
  for (const curve of curves) {
    const trial = study.ask();
    curve.forEach((value, step) => trial.report(step, value));
    study.tell(trial, curve[curve.length - 1]);
  }
}

// Complete curves whose medians are 7 at step 0 and 5 at step 1.
const CURVES = [
  [6, 4],
  [7, 5],
  [8, 9],
];

describe('MedianPruner', () => {
  it('prunes a trial whose best value so far is worse than the median at its step', () => {
    const study = new Study({ sampler: new RandomSampler(), pruner: new MedianPruner({ nStartupTrials: 3 }) });
    completeCurves(study, CURVES);
    const promising = study.ask();
    promising.report(0, 6.5);
    expect(promising.shouldPrune()).toBe(false);
    promising.report(1, 5.5);
    expect(promising.shouldPrune()).toBe(true);
    const poor = study.ask();
    poor.report(0, 8);
    expect(poor.shouldPrune()).toBe(true);
  });

  it('prunes nothing before its start-up trials are complete or during warm-up steps', () => {
    const early = new Study({ sampler: new RandomSampler(), pruner: new MedianPruner({ nStartupTrials: 4 }) });
    completeCurves(early, CURVES);
    const trial = early.ask();
    trial.report(0, 100);
    expect(trial.shouldPrune()).toBe(false);
    const warm = new Study({ sampler: new RandomSampler(), pruner: new MedianPruner({ nStartupTrials: 3, nWarmupSteps: 1 }) });
    completeCurves(warm, CURVES);
    const warming = warm.ask();
    warming.report(0, 100);
    expect(warming.shouldPrune()).toBe(false);
    warming.report(1, 100);
    expect(warming.shouldPrune()).toBe(true);
  });

  it('reads higher as better when maximising', () => {
    const study = new Study({ direction: 'maximize', sampler: new RandomSampler(), pruner: new MedianPruner({ nStartupTrials: 3 }) });
    completeCurves(study, CURVES);
    const trial = study.ask();
    trial.report(0, 7.5);
    expect(trial.shouldPrune()).toBe(false);
    trial.report(1, 4.5);
    // Its best so far is 7.5, above the step-1 median of 5.
    expect(trial.shouldPrune()).toBe(false);
    const low = study.ask();
    low.report(0, 6.5);
    expect(low.shouldPrune()).toBe(true);
  });

  it('rejects invalid options', () => {
    expect(() => new MedianPruner({ intervalSteps: 0 })).toThrow('MedianPruner option intervalSteps must be an integer >= 1, got 0');
  });
});

describe('SuccessiveHalvingPruner', () => {
  it('promotes a trial at a rung only if it is in the best 1/reductionFactor there', () => {
    const study = new Study({ sampler: new RandomSampler(), pruner: new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }) });
    const reportAt = (step: number, value: number): boolean => {
      const trial = study.ask();
      trial.report(step, value);
      return trial.shouldPrune();
    };
    expect(reportAt(1, 10)).toBe(false); // rung 0 holds [10]: the only one is the best
    expect(reportAt(1, 5)).toBe(false); // [5, 10]: best half is 5
    expect(reportAt(1, 7)).toBe(true); // [5, 7, 10]: best half is still only 5
    const climber = study.ask();
    climber.report(0, 1);
    expect(climber.shouldPrune()).toBe(false); // no rung before step 1
    climber.report(1, 4);
    expect(climber.shouldPrune()).toBe(false); // [4, 5, 7, 10]: best half is 4, 5
    climber.report(2, 3);
    expect(climber.shouldPrune()).toBe(false); // alone at rung 1 (step 2)
    expect(climber.params).toEqual({});
  });

  it('keeps rung values in the saved study', () => {
    const study = new Study({ sampler: new RandomSampler(), pruner: new SuccessiveHalvingPruner({ reductionFactor: 2 }) });
    const first = study.ask();
    first.report(1, 5);
    first.shouldPrune();
    study.tell(first, 5);
    const restored = Study.restore(JSON.stringify(study.toJSON()));
    const second = restored.ask();
    second.report(1, 6);
    expect(second.shouldPrune()).toBe(true);
  });
});
