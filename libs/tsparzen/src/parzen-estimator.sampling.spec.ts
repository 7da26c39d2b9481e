import { categoricalDistribution } from './distributions';
import { type EstimatorOptions, ParzenEstimator } from './parzen-estimator';
import { SeededGenerator } from './random';

const univariate: EstimatorOptions = { priorWeight: 1, considerMagicClip: true, considerEndpoints: false, multivariate: false, bandwidthWeighted: false };

describe('ParzenEstimator sampling of choices', () => {
  it('draws each choice as often as the smoothed kernels give it', () => {
    // One observation of 'b' plus the prior, weights 1/2 each: the observation's kernel gives
    // [0.2, 0.6, 0.2], the prior's [1/3, 1/3, 1/3], so the mixture gives 4/15, 7/15, 4/15.
    const d = categoricalDistribution('c', ['a', 'b', 'c']);
    const estimator = new ParzenEstimator([{ name: 'c', distribution: d }], [Float64Array.of(1)], [1], univariate);
    const draws = estimator.sample(new SeededGenerator(7), 20_000)[0];
    const share = [0, 1, 2].map((choice) => draws.filter((x) => x === choice).length / draws.length);
    // 20,000 draws: a share's standard deviation is at most 0.0036; 0.015 is four of them.
    [4 / 15, 7 / 15, 4 / 15].forEach((expected, choice) => expect(Math.abs(share[choice] - expected)).toBeLessThan(0.015));
    expect(share[0] + share[1] + share[2]).toBe(1);
  });
});
