import { categoricalDistribution, floatDistribution } from './distributions';
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

  it('takes a uniform exactly at a cumulative choice probability as the next choice', () => {
    // No observation: one kernel, the prior, giving each of two choices 1/2. This state's second
    // uniform (the first picks the kernel) is exactly 0.5: [0, 0.5) is 'a', [0.5, 1) is 'b'.
    const d = categoricalDistribution('c', ['a', 'b']);
    const estimator = new ParzenEstimator([{ name: 'c', distribution: d }], [new Float64Array(0)], [], univariate);
    const random = SeededGenerator.fromState([243144708, 2139103230, 239076240, 4294967294]);
    expect(Array.from(estimator.sample(random, 1)[0])).toEqual([1]);
  });

  it("takes the last choice for a uniform above the choice probabilities' running sum, which rounds below 1", () => {
    // 19 observations of 'a' and the prior: each observation's kernel gives (1/20 + 1, 1/20) / 1.1, whose
    // two shares add up to 1 - 2^-53 in floating point. From this state the first uniform (0.222) picks
    // observation 4 and the second is the largest one, 1 - 2^-53: not below the sum, so the last choice.
    const d = categoricalDistribution('c', ['a', 'b']);
    const estimator = new ParzenEstimator([{ name: 'c', distribution: d }], [new Float64Array(19)], new Float64Array(19).fill(1), univariate);
    const random = SeededGenerator.fromState([953738129, 2, 954437177, 4294967292]);
    expect(Array.from(estimator.sample(random, 1)[0])).toEqual([1]);
  });
});

// States of the generator crafted (by running sfc32 backwards in Python) so that a uniform lands
// exactly on a boundary; the draws after them come from the same Python model.
describe('ParzenEstimator choice of kernel', () => {
  const space = [{ name: 'x', distribution: floatDistribution('x', 0, 1) }];

  it('takes a uniform exactly at a cumulative weight as the next kernel', () => {
    // Observation 0.9 (sigma 0.4) and the prior (0.5, sigma 1), weights 1/2 each. From [2^31, 0, 0, 0]
    // the first uniform is exactly 0.5, so the prior is drawn: 0.5 + z, z rejected until inside
    // -> 0.51107. The observation's kernel would have given 0.9 + 0.4 * (-1.1764) = 0.42944.
    const estimator = new ParzenEstimator(space, [Float64Array.of(0.9)], [1], univariate);
    expect(estimator.sample(SeededGenerator.fromState([2 ** 31, 0, 0, 0]), 1)[0][0]).toBeCloseTo(0.5110700497127447, 12);
  });

  it("takes the last kernel for a uniform above the weights' running sum, which rounds below 1", () => {
    // Nine observations and the prior, 1/10 each: ten tenths add up to 1 - 2^-53, which is exactly the
    // largest uniform, drawn first from [1, 0, 0, 2^32 - 2]. The prior takes it: 0.5 + 5.39e-6.
    const estimator = new ParzenEstimator(space, [Float64Array.from({ length: 9 }, (_, i) => 0.05 + i * 0.1)], new Float64Array(9).fill(1), univariate);
    expect(estimator.sample(SeededGenerator.fromState([1, 0, 0, 0xfffffffe]), 1)[0][0]).toBeCloseTo(0.5000053905269862, 12);
  });

  it('redraws a value outside the range instead of clamping it to the end', () => {
    // Kernels at both ends: half their draws fall outside, yet none may come back as 0 or 1 exactly.
    const estimator = new ParzenEstimator(space, [Float64Array.of(0, 1, 0, 1)], [1, 1, 1, 1], univariate);
    const draws = Array.from(estimator.sample(new SeededGenerator(3), 2000)[0]);
    expect(draws.filter((x) => x === 0 || x === 1)).toEqual([]);
    expect(draws.every((x) => x > 0 && x < 1)).toBe(true);
  });

  it('keeps a draw that lands exactly on a range end', () => {
    // From this state: 0.0446 picks the observation's kernel (weight 1/2), then the normal's
    // angle uniform is exactly 0.25, so z = r * cos(pi / 2) = 4e-17: the draw rounds onto the
    // kernel's centre, which is the range end. The range is closed: the end is kept, not redrawn.
    const state = [197585270, 4289149476, 3831710229, 4294967292] as const;
    const line = [{ name: 'x', distribution: floatDistribution('x', 1, 2) }];
    for (const end of [1, 2]) {
      const estimator = new ParzenEstimator(line, [Float64Array.of(end)], [1], univariate);
      expect(estimator.sample(SeededGenerator.fromState(state), 1)[0][0]).toBe(end);
    }
  });

  it('spends draws on the samples asked for only: one and one give what two give', () => {
    // The sampler's later suggestions depend on where the shared generator stands.
    const estimator = new ParzenEstimator(space, [Float64Array.of(0.2, 0.7)], [1, 1], univariate);
    const stepwise = new SeededGenerator(11);
    const apart = [estimator.sample(stepwise, 1)[0][0], estimator.sample(stepwise, 1)[0][0]];
    expect(apart).toEqual(Array.from(estimator.sample(new SeededGenerator(11), 2)[0]));
  });
});
