import { categoricalDistribution, floatDistribution } from './distributions';
import { type EstimatorOptions, ParzenEstimator } from './parzen-estimator';

// Reference log densities from SciPy 1.10: the mean of three normals truncated to [0, 1]
// (norm.pdf / (norm.cdf(1) - norm.cdf(0))). normal-math's relative error is below 2e-7.
function expectWithin(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-6 * Math.abs(expected));
}

const plain: EstimatorOptions = { priorWeight: 1, considerMagicClip: false, considerEndpoints: false, multivariate: false, bandwidthWeighted: false };

describe('ParzenEstimator bandwidths', () => {
  // Observations 0.6 and 0.7 on [0, 1] and the prior at 0.5: sorted 0.5, 0.6, 0.7. Each kernel
  // is as wide as the larger gap to its neighbours; the prior always takes the whole width.
  const space = [{ name: 'x', distribution: floatDistribution('x', 0, 1) }];
  const observed = [Float64Array.of(0.6, 0.7)];

  it('lets the outermost kernel reach to the range end with considerEndpoints: sigmas 0.1, 0.3 and 1', () => {
    const estimator = new ParzenEstimator(space, observed, [1, 1], { ...plain, considerEndpoints: true });
    const [inside, nearEnd] = estimator.logPdf([Float64Array.of(0.65, 0.95)]);
    expectWithin(inside, 0.7142743926713097);
    expectWithin(nearEnd, -0.3660861677346271);
  });

  it('gives the outermost kernels their inner gap without it: sigmas 0.1, 0.1 and 1', () => {
    const estimator = new ParzenEstimator(space, observed, [1, 1], plain);
    const [inside, nearEnd] = estimator.logPdf([Float64Array.of(0.65, 0.95)]);
    expectWithin(inside, 0.9903278823176075);
    expectWithin(nearEnd, -0.9801581334276914);
  });
});

describe('ParzenEstimator bandwidths at the range ends', () => {
  // Observations 0.4 and 0.9 on [0, 1], the prior at 0.5: the lowest kernel is an observation.
  const space = [{ name: 'x', distribution: floatDistribution('x', 0, 1) }];
  const observed = [Float64Array.of(0.4, 0.9)];

  it('with considerEndpoints, lets the lowest kernel reach to low: sigmas 0.4, 0.4 and 1', () => {
    const estimator = new ParzenEstimator(space, observed, [1, 1], { ...plain, considerEndpoints: true });
    const [nearLow, between] = estimator.logPdf([Float64Array.of(0.05, 0.65)]);
    expectWithin(nearLow, -0.4067292602248296);
    expectWithin(between, 0.15078610989368346);
  });

  it('without it, gives the lowest kernel its gap to the prior: sigmas 0.1, 0.4 and 1', () => {
    const estimator = new ParzenEstimator(space, observed, [1, 1], plain);
    const [nearLow, between] = estimator.logPdf([Float64Array.of(0.05, 0.65)]);
    expectWithin(nearLow, -0.9780955365580257);
    expectWithin(between, -0.14144201665086625);
  });

  it('gives a lone observation its gap to the prior without considerEndpoints, though its gap to low is wider', () => {
    // 0.4 and the prior at 0.5: 0.1 to the prior against 0.4 to low; sigmas 0.1 and 1.
    const estimator = new ParzenEstimator(space, [Float64Array.of(0.4)], [1], plain);
    const [atObservation, beyond] = estimator.logPdf([Float64Array.of(0.4, 0.8)]);
    expectWithin(atObservation, 0.9215134686942003);
    expectWithin(beyond, -0.6958265435020805);
  });

  it('gives the earlier of two equal observations the zero gap, floored at 1e-12 of the width without the magic clip', () => {
    // 0.3 observed twice (weights 0.5 then 1) on [0, 2], the prior at 1. Sorted by centre, then by
    // age: the older 0.3 sits first, its inner gap is 0 (floored to 2e-12); the newer takes 0.7,
    // the prior the width 2. At 0.3 the spike dominates: log(0.2 * phi(0) / 2e-12) = 24.41.
    const line = [{ name: 'x', distribution: floatDistribution('x', 0, 2) }];
    const estimator = new ParzenEstimator(line, [Float64Array.of(0.3, 0.3)], [0.5, 1], plain);
    const [atSpike, away] = estimator.logPdf([Float64Array.of(0.3, 1.2)]);
    expectWithin(atSpike, 24.409497489743423);
    expectWithin(away, -1.0248424841736832);
  });
});

describe('ParzenEstimator choices', () => {
  it('adds each observation to its own kernel: two observations and the prior', () => {
    // Three kernels, each spreading priorWeight / 3 over the choices; 'b' and 'c' add 1 to theirs:
    // rows [1/6, 2/3, 1/6], [1/6, 1/6, 2/3], [1/3, 1/3, 1/3], weights 1/3: 2/9, 7/18, 7/18.
    const d = categoricalDistribution('c', ['a', 'b', 'c']);
    const estimator = new ParzenEstimator([{ name: 'c', distribution: d }], [Float64Array.of(1, 2)], [1, 1], plain);
    const p = Array.from(estimator.logPdf([Float64Array.of(0, 1, 2)]), Math.exp);
    [2 / 9, 7 / 18, 7 / 18].forEach((expected, choice) => expect(p[choice]).toBeCloseTo(expected, 12));
  });
});
