import { MedianPruner } from './pruners/median.pruner';
import { RandomSampler } from './samplers/random.sampler';
import { TpeSampler } from './samplers/tpe.sampler';
import { Study } from './study';
import type { StudySnapshot } from './study-snapshot';
import { branin } from './testing/test-functions';

function step(study: Study): number[] {
  const trial = study.ask();
  const x = [trial.suggestFloat('x0', -5, 10), trial.suggestFloat('x1', 0, 15)];
  const kind = trial.suggestCategorical('kind', ['a', 'b']);
  if (kind === 'a') x.push(trial.suggestInt('n', 1, 64, { log: true }));
  study.tell(trial, branin.evaluate(x) + (kind === 'a' ? 0 : 1));
  return x;
}

describe('study save and restore', () => {
  for (const options of [{ multivariate: false }, { multivariate: true }, { multivariate: true, group: true }]) {
    it(`resumes with the same next suggestions as an uninterrupted run (${JSON.stringify(options)})`, () => {
      const uninterrupted = new Study({ sampler: new TpeSampler({ seed: 21, ...options }) });
      const straight = Array.from({ length: 40 }, () => step(uninterrupted));
      let first = new Study({ sampler: new TpeSampler({ seed: 21, ...options }) });
      const resumed: number[][] = [];
      for (let i = 0; i < 40; i++) {
        if (i === 15 || i === 27) first = Study.restore(JSON.stringify(first.toJSON()));
        resumed.push(step(first));
      }
      expect(resumed).toEqual(straight);
      expect(JSON.stringify(first.toJSON())).toBe(JSON.stringify(uninterrupted.toJSON()));
    });
  }

  it('resumes a random-search study on the same stream', () => {
    const draw = (study: Study): number => {
      const trial = study.ask();
      const x = trial.suggestFloat('x', 0, 1);
      study.tell(trial, x);
      return x;
    };
    const straight = new Study({ sampler: new RandomSampler({ seed: 4 }) });
    const expected = Array.from({ length: 6 }, () => draw(straight));
    const first = new Study({ sampler: new RandomSampler({ seed: 4 }) });
    const got = [draw(first), draw(first), draw(first)];
    const resumed = Study.restore(JSON.stringify(first.toJSON()));
    got.push(draw(resumed), draw(resumed), draw(resumed));
    expect(got).toEqual(expected);
  });

  it('keeps running trials, intermediate values, infinities and the pruner across a restore', () => {
    const study = new Study({ direction: 'maximize', pruner: new MedianPruner({ nStartupTrials: 1 }) });
    const done = study.ask();
    done.suggestFloat('x', 0, 1);
    done.report(0, 2);
    study.tell(done, Infinity);
    const running = study.ask();
    const x = running.suggestFloat('x', 0, 1);
    running.report(0, 1);
    const restored = Study.restore(JSON.parse(JSON.stringify(study.toJSON())) as StudySnapshot);
    expect(restored.bestValue).toBe(Infinity);
    const handle = restored.trial(1);
    expect(handle.suggestFloat('x', 0, 1)).toBe(x);
    expect(handle.shouldPrune()).toBe(true);
    restored.tell(handle, 'pruned');
    expect(restored.trials[1]).toMatchObject({ state: 'pruned', value: 1 });
  });

  it('rejects snapshots that are not studies or carry impossible trials', () => {
    expect(() => Study.restore('{"format":"other"}')).toThrow('invalid study snapshot: format must be "tsparzen-study"');
    expect(() => Study.restore('not json')).toThrow('invalid study snapshot: not JSON');
    const study = new Study();
    const trial = study.ask();
    trial.suggestInt('n', 0, 10, { step: 2 });
    study.tell(trial, 1);
    const snapshot = JSON.parse(JSON.stringify(study.toJSON()));
    snapshot.trials[0].params.n = 5;
    expect(() => Study.restore(snapshot)).toThrow('invalid study snapshot: trials[0].params.n = 5 is outside int(0, 10, step=2)');
    const badState = JSON.parse(JSON.stringify(study.toJSON()));
    badState.trials[0].state = 'done';
    expect(() => Study.restore(badState)).toThrow('trials[0].state must be one of running, complete, pruned, failed');
    const badSampler = JSON.parse(JSON.stringify(study.toJSON()));
    badSampler.sampler.settings.gamma = 2;
    expect(() => Study.restore(badSampler)).toThrow('invalid study snapshot: sampler: TPE option gamma must be in (0, 1], got 2');
  });
});
