import { Study } from '../study';
import { RandomSampler } from './random.sampler';

// The seed-3 stream's first uniforms (random.sequence.spec.ts): 0.41188751608416585,
// 0.5657675365233699, 0.3421454024390005, 0.7771761133536849.
describe('RandomSampler', () => {
  it('draws uniformly over each model space: plain, log, an int grid and choices', () => {
    const study = new Study({ sampler: new RandomSampler({ seed: 3 }) });
    const trial = study.ask();
    // 2 + 3 * 0.4118...; exp(ln 1e-3 + ln(1000) * 0.5657...); an int on [0.5, 10.5]: 3.92 -> 4; choice floor(3 * 0.777...) = 2.
    expect(trial.suggestFloat('x', 2, 5)).toBe(3.2356625482524977);
    expect(trial.suggestFloat('lr', 1e-3, 1, { log: true })).toBeCloseTo(0.0498084021213698, 14);
    expect(trial.suggestInt('n', 1, 10)).toBe(4);
    expect(trial.suggestCategorical('c', ['a', 'b', 'c'])).toBe('c');
  });

  it('draws a log int over [low - 1/2, high + 1/2] in log space', () => {
    // exp(ln 0.5 + (ln 100.5 - ln 0.5) * 0.4118...) = 4.44: 4.
    const trial = new Study({ sampler: new RandomSampler({ seed: 3 }) }).ask();
    expect(trial.suggestInt('n', 1, 100, { log: true })).toBe(4);
  });

  it('samples nothing jointly, and saves its generator state', () => {
    const sampler = new RandomSampler({ seed: 3 });
    const study = new Study({ sampler });
    for (let i = 0; i < 3; i++) study.tell(study.ask(), i);
    expect(study.toJSON().trials[2].relativeParams).toEqual({});
    // The Sampler interface's empty answer, read like any other by a caller of the interface (it ignores the study and trial).
    expect(sampler.sampleRelative(undefined as never, undefined as never)).toEqual({ distributions: {}, params: {} });
    // No draw yet: the state is the seed's, as a restored sampler continues it.
    expect(sampler.snapshot()).toEqual({ type: 'random', random: new RandomSampler({ seed: 3 }).snapshot().random });
    expect(new RandomSampler().snapshot()).toEqual(new RandomSampler({ seed: 0 }).snapshot());
  });
});
