import { Study } from '../study';
import type { StudyView, TrialRecord } from '../trial-record';
import { TpeSampler } from './tpe.sampler';
import { splitTrials } from './trial-split';
import { tpeSettings } from './tpe-settings';

/** A study with `values.length` complete trials (value i for trial i) and `running` trials in flight. */
function studyWith(values: readonly number[], running: number): Study {
  const study = new Study({ sampler: new TpeSampler({ nStartupTrials: 1000 }) });
  for (const value of values) {
    const trial = study.ask();
    trial.suggestFloat('x', 0, 1);
    study.tell(trial, value);
  }
  for (let i = 0; i < running; i++) study.ask().suggestFloat('x', 0, 1);
  return study;
}

function split(study: Study, constantLiar: boolean): { good: number[]; bad: number[] } {
  const current = study.ask();
  // The study keeps TrialRecords; its public `trials` types them as the narrower FrozenTrial.
  const view: StudyView = { direction: study.direction, trials: study.trials as readonly TrialRecord[], revision: 0 };
  const ranked = splitTrials(view, study.trials[current.number], tpeSettings({ constantLiar }));
  return { good: ranked.good.map((t) => t.number), bad: ranked.bad.map((t) => t.number) };
}

describe('splitTrials', () => {
  it('puts the best ceil(0.1 n) complete trials in the good group, in trial order', () => {
    // 20 complete trials with values 19, 18, ..., 0: ceil(0.1 * 20) = 2 good ones, trials 18 and 19.
    const study = studyWith(Array.from({ length: 20 }, (_, i) => 19 - i), 0);
    const { good, bad } = split(study, true);
    expect(good).toEqual([18, 19]);
    expect(bad).toHaveLength(18);
  });

  it('sizes the good group from finished trials only when the constant liar counts running ones', () => {
    // 20 finished and 10 running trials. Optuna's gamma(n) takes n = 20 finished trials: 2 good ones.
    // Counting the running ones too would give ceil(0.1 * 30) = 3 and drag trial 17 into l(x).
    const study = studyWith(Array.from({ length: 20 }, (_, i) => 19 - i), 10);
    const { good, bad } = split(study, true);
    expect(good).toEqual([18, 19]);
    expect(bad).toHaveLength(28);
    expect(bad.slice(-10)).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
  });

  it('leaves running trials out without the constant liar', () => {
    const study = studyWith(Array.from({ length: 20 }, (_, i) => 19 - i), 10);
    const { good, bad } = split(study, false);
    expect(good).toEqual([18, 19]);
    expect(bad).toEqual(Array.from({ length: 18 }, (_, i) => i));
  });

  it('breaks ties in value by the earlier trial', () => {
    // Eleven trials, two good ones; values 5, 1, 1, 1, 5, ...: trials 1 and 2 win the tie with 3.
    const study = studyWith([5, 1, 1, 1, 5, 5, 5, 5, 5, 5, 5], 0);
    expect(split(study, true).good).toEqual([1, 2]);
  });

  it('puts the best ceil(0.15 n) in the good group by default in multivariate mode, and honours an explicit gamma', () => {
    // 40 complete trials with values 39, ..., 0: multivariate default ceil(0.15 * 40) = 6, univariate ceil(0.1 * 40) = 4.
    const study = studyWith(Array.from({ length: 40 }, (_, i) => 39 - i), 0);
    const current = study.ask();
    const view: StudyView = { direction: study.direction, trials: study.trials as readonly TrialRecord[], revision: 0 };
    const goodOf = (options: Parameters<typeof tpeSettings>[0]): number[] =>
      splitTrials(view, study.trials[current.number], tpeSettings(options)).good.map((t) => t.number);
    expect(goodOf({ multivariate: true })).toEqual([34, 35, 36, 37, 38, 39]);
    expect(goodOf({})).toEqual([36, 37, 38, 39]);
    expect(goodOf({ multivariate: true, gamma: 0.1 })).toEqual([36, 37, 38, 39]);
    expect(tpeSettings({ multivariate: true }).gamma).toBe(0.15);
    expect(tpeSettings({ multivariate: false }).gamma).toBe(0.1);
  });

  /**
   * Trial 0 complete (value 5), pruned 1 (steps 1: 0.5, 3: 9), pruned 2 (step 3: 2), pruned 3 (no
   * report), pruned 4 (step 0: 0.1), failed 5, running 6. Rank: 0; 2 and 1 (deepest, by value at
   * step 3); 4 (step 0 still counts as reported); 3 (nothing reported); then 6 under the constant
   * liar; 5 never.
   */
  function prunedStudy(direction: 'minimize' | 'maximize'): Study {
    const sign = direction === 'minimize' ? 1 : -1;
    const study = new Study({ direction, sampler: new TpeSampler({ nStartupTrials: 1000 }) });
    const reports: [number, number][][] = [[], [[1, 0.5], [3, 9]], [[3, 2]], [], [[0, 0.1]]];
    reports.forEach((steps, i) => {
      const trial = study.ask();
      trial.suggestFloat('x', 0, 1);
      for (const [step, value] of steps) trial.report(step, sign * value);
      study.tell(trial, i === 0 ? sign * 5 : 'pruned');
    });
    study.tell(study.ask(), 'failed');
    study.ask();
    return study;
  }

  it('ranks pruned trials after complete ones, deepest first, then by their last value, silent ones last', () => {
    for (const direction of ['minimize', 'maximize'] as const) {
      const study = prunedStudy(direction);
      const current = study.ask();
      const view: StudyView = { direction, trials: study.trials as readonly TrialRecord[], revision: 0 };
      // gamma 1 and gammaMax k: the good group is the first k of the ranking.
      const goodOf = (gammaMax: number): number[] =>
        splitTrials(view, study.trials[current.number], tpeSettings({ gamma: 1, gammaMax })).good.map((t) => t.number);
      expect([1, 2, 3, 4, 5].map(goodOf)).toEqual([[0], [0, 2], [0, 1, 2], [0, 1, 2, 4], [0, 1, 2, 3, 4]]);
      // Five finished trials at most fill the good group; the running one is always bad, the failed one nowhere.
      expect(splitTrials(view, study.trials[current.number], tpeSettings({ gamma: 1, gammaMax: 25 })).bad.map((t) => t.number)).toEqual([6]);
    }
  });

  it('ranks complete trials by value in the direction of the study', () => {
    // Maximised: trial 1 (value 3) is the best of 1, 3, 2.
    const study = new Study({ direction: 'maximize', sampler: new TpeSampler({ nStartupTrials: 1000 }) });
    for (const value of [1, 3, 2]) study.tell(study.ask(), value);
    const current = study.ask();
    const view: StudyView = { direction: 'maximize', trials: study.trials as readonly TrialRecord[], revision: 0 };
    expect(splitTrials(view, study.trials[current.number], tpeSettings({ gamma: 0.5 })).good.map((t) => t.number)).toEqual([1, 2]);
  });
});
