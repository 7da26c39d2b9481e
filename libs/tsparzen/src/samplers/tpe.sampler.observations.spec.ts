import { Study } from '../study';
import type { StudySnapshot } from '../study-snapshot';
import { TpeSampler } from './tpe.sampler';

// Which trials' values each estimator learns from, checked by difference: a study and a
// copy changed only in what must not count (or in what must count the same) have to make
// the same next suggestion.

/** Parsed JSON of a saved study, loosely typed so a test can rewrite any field. */
type Snapshot = ReturnType<typeof JSON.parse>;

function copyOf(study: Study, change: (snapshot: Snapshot) => void = () => undefined): Study {
  const snapshot: Snapshot = JSON.parse(JSON.stringify(study.toJSON()));
  change(snapshot);
  return Study.restore(snapshot as StudySnapshot);
}

/** The next trial's x and y, asked and suggested in `study`. */
function next(study: Study): number[] {
  const trial = study.ask();
  return [trial.suggestFloat('x', 0, 1), trial.suggestFloat('y', 0, 1)];
}

describe('TpeSampler observations', () => {
  it('learns from the values a running trial sampled jointly, as if its objective had suggested them', () => {
    const study = new Study({ sampler: new TpeSampler({ seed: 4, multivariate: true, nStartupTrials: 4 }) });
    for (let i = 0; i < 6; i++) {
      const trial = study.ask();
      study.tell(trial, (trial.suggestFloat('x', 0, 1) - 0.7) ** 2 + trial.suggestFloat('y', 0, 1));
    }
    study.ask();
    const asked = copyOf(study);
    // The same study once the running trial's objective took its joint sample (no draw: the values are the joint ones).
    const suggested = copyOf(study);
    const running = suggested.trial(6);
    running.suggestFloat('x', 0, 1);
    running.suggestFloat('y', 0, 1);
    expect(suggested.toJSON().trials[6].params).toEqual(asked.toJSON().trials[6].relativeParams);
    expect(next(asked)).toEqual(next(suggested));
  });

  it("ignores a finished trial's joint sample of parameters its objective never asked for", () => {
    // With group, every trial gets a joint sample of y; trials whose objective stops at x leave it unused.
    const study = new Study({ sampler: new TpeSampler({ seed: 5, multivariate: true, group: true, nStartupTrials: 4 }) });
    for (let i = 0; i < 8; i++) {
      const trial = study.ask();
      const x = trial.suggestFloat('x', 0, 1);
      study.tell(trial, x < 0.5 ? x : x + trial.suggestFloat('y', 0, 1));
    }
    const unused = (snapshot: Snapshot): Snapshot[] => snapshot.trials.filter((t: Snapshot) => 'y' in t.relativeParams && !('y' in t.params));
    expect(unused(study.toJSON()).length).toBeGreaterThan(0);
    const stripped = copyOf(study, (snapshot) => {
      for (const trial of unused(snapshot)) {
        delete trial.relativeParams.y;
        delete trial.relativeDistributions.y;
      }
    });
    expect(next(copyOf(study))).toEqual(next(stripped));
  });

  it('learns a parameter only from the trials that asked for it on the same range', () => {
    // Trials 0-5 ask for x on [0, 2], trials 6-11 on [0, 1]. For x on [0, 1], the first six are as
    // good as absent: renaming their x to z must not change a suggestion.
    const study = new Study({ sampler: new TpeSampler({ seed: 9, nStartupTrials: 4 }) });
    for (let i = 0; i < 12; i++) {
      const trial = study.ask();
      study.tell(trial, Math.abs(trial.suggestFloat('x', 0, i < 6 ? 2 : 1) - 0.4) + trial.suggestFloat('y', 0, 1));
    }
    const renamed = copyOf(study, (snapshot) => {
      for (const trial of snapshot.trials.slice(0, 6)) {
        trial.params = { z: trial.params.x, y: trial.params.y };
        trial.distributions = { z: trial.distributions.x, y: trial.distributions.y };
      }
    });
    expect(next(copyOf(study))).toEqual(next(renamed));
  });
});
