import { Study } from '../study';
import type { StudyView, TrialRecord } from '../trial-record';
import { groupedSearchSpaces, sharedSearchSpace } from './search-space-groups';
import { TpeSampler } from './tpe.sampler';

/** A study whose finished trials suggested these parameter sets (values drawn at random: only the names matter). */
function studyOf(paramSets: readonly (readonly string[])[], running: readonly string[] = []): StudyView {
  const study = new Study({ sampler: new TpeSampler({ nStartupTrials: 1000 }) });
  for (const names of paramSets) {
    const trial = study.ask();
    for (const name of names) trial.suggestFloat(name, 0, 1);
    study.tell(trial, 0);
  }
  const inFlight = study.ask();
  for (const name of running) inFlight.suggestFloat(name, 0, 1);
  return { direction: study.direction, trials: study.trials as readonly TrialRecord[], revision: 0 };
}

const names = (spaces: { name: string }[][]): string[][] => spaces.map((space) => space.map((entry) => entry.name));

describe('search spaces of the multivariate sampler', () => {
  it('groups the parameters no finished trial separates: the atoms of the partition', () => {
    // model=linear trials hold alpha and l1; model=tree trials hold depth and leaves; all hold model and lr.
    const view = studyOf([
      ['model', 'lr', 'alpha', 'l1'],
      ['model', 'lr', 'depth', 'leaves'],
      ['model', 'lr', 'alpha', 'l1'],
    ]);
    expect(names(groupedSearchSpaces(view))).toEqual([['alpha', 'l1'], ['depth', 'leaves'], ['lr', 'model']]);
    expect(names([sharedSearchSpace(view)])).toEqual([['lr', 'model']]);
  });

  it('splits a group as soon as one trial holds only part of it, and ignores running trials', () => {
    const view = studyOf(
      [
        ['a', 'b', 'c'],
        ['a', 'b'],
        ['b', 'd'],
      ],
      ['a', 'c', 'x'],
    );
    expect(names(groupedSearchSpaces(view))).toEqual([['a'], ['b'], ['c'], ['d']]);
  });

  it('keeps the latest distribution of a parameter and leaves single-valued ones out', () => {
    const study = new Study({ sampler: new TpeSampler({ nStartupTrials: 1000 }) });
    for (const high of [1, 2]) {
      const trial = study.ask();
      trial.suggestFloat('x', 0, high);
      trial.suggestFloat('fixed', 3, 3);
      trial.suggestCategorical('only', ['one']);
      study.tell(trial, 0);
    }
    const view: StudyView = { direction: study.direction, trials: study.trials as readonly TrialRecord[], revision: 0 };
    expect(groupedSearchSpaces(view)).toEqual([[{ name: 'x', distribution: expect.objectContaining({ kind: 'float', low: 0, high: 2 }) }]]);
    // Without grouping, x is not shared with one distribution, so nothing is modelled jointly.
    expect(sharedSearchSpace(view)).toEqual([]);
  });

  it('has no space before any trial finishes', () => {
    expect(groupedSearchSpaces(studyOf([]))).toEqual([]);
    expect(sharedSearchSpace(studyOf([]))).toEqual([]);
  });

  it('counts pruned trials as finished and leaves failed ones out', () => {
    const study = new Study({ sampler: new TpeSampler({ nStartupTrials: 1000 }) });
    const told: [string[], 'pruned' | 'failed' | number][] = [
      [['a', 'b'], 0],
      [['a'], 'pruned'],
      [['a', 'c'], 'failed'],
    ];
    for (const [names, result] of told) {
      const trial = study.ask();
      for (const name of names) trial.suggestFloat(name, 0, 1);
      study.tell(trial, result);
    }
    const view: StudyView = { direction: study.direction, trials: study.trials as readonly TrialRecord[], revision: 0 };
    // The pruned trial separates b from a; the failed one adds no c.
    expect(names(groupedSearchSpaces(view))).toEqual([['a'], ['b']]);
    expect(names([sharedSearchSpace(view)])).toEqual([['a']]);
  });

  it('drops a group that holds single-valued parameters only', () => {
    // 'fixed' parts from x in the second trial: its own group, then emptied (a single value has nothing to learn).
    const study = new Study({ sampler: new TpeSampler({ nStartupTrials: 1000 }) });
    for (const withFixed of [true, false]) {
      const trial = study.ask();
      trial.suggestFloat('x', 0, 1);
      if (withFixed) trial.suggestFloat('fixed', 3, 3);
      study.tell(trial, 0);
    }
    const view: StudyView = { direction: study.direction, trials: study.trials as readonly TrialRecord[], revision: 0 };
    expect(names(groupedSearchSpaces(view))).toEqual([['x']]);
  });
});
