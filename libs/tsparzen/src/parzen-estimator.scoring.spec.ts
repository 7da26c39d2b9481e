import { categoricalDistribution, floatDistribution, intDistribution } from './distributions';
import { type EstimatorOptions, ParzenEstimator, type SpaceEntry } from './parzen-estimator';

const plain: EstimatorOptions = { priorWeight: 1, considerMagicClip: true, considerEndpoints: false, multivariate: false, bandwidthWeighted: false };

function scores(space: SpaceEntry[], observed: Float64Array[], candidates: Float64Array[], bandwidthWeighted: boolean): number[] {
  return Array.from(new ParzenEstimator(space, observed, [1, 1, 1], { ...plain, bandwidthWeighted }).logPdf(candidates));
}

describe('ParzenEstimator scoring weights', () => {
  // Optuna scores grids and choices by mass, where no bandwidth factor goes missing: the
  // bandwidth weighting must leave them exactly as the observation weights give them.
  it('leaves a plain int grid, a float grid and choices unweighted by bandwidth', () => {
    const cases: [SpaceEntry, Float64Array, Float64Array][] = [
      [{ name: 'n', distribution: intDistribution('n', 1, 20) }, Float64Array.of(3, 4, 17), Float64Array.of(1, 4, 10, 20)],
      [{ name: 'q', distribution: floatDistribution('q', 0, 1, { step: 0.25 }) }, Float64Array.of(0, 0.25, 1), Float64Array.of(0, 0.5, 1)],
      [{ name: 'c', distribution: categoricalDistribution('c', ['a', 'b', 'c']) }, Float64Array.of(0, 0, 2), Float64Array.of(0, 1, 2)],
    ];
    for (const [entry, observed, candidates] of cases) {
      expect(scores([entry], [observed], [candidates], true)).toEqual(scores([entry], [observed], [candidates], false));
    }
  });

  it('scores no candidate over an empty space', () => {
    expect(Array.from(new ParzenEstimator([], [], [1, 1], plain).logPdf([]))).toEqual([]);
  });
});

describe('ParzenEstimator one-parameter fast path', () => {
  // One continuous parameter is summed in linear space, skipping terms too small to count. The
  // same mixture through the general path (a second, single-choice parameter adds log 1 = 0 to
  // every kernel) must agree to the last digits: on a range of a million (kernel heights near
  // 1e-7) and with a spike 1e12 times the prior's height.
  const only = { name: 'c', distribution: categoricalDistribution('c', ['only']) };
  const weights = [0.2, 0.4, 0.6, 0.8, 1, 1];

  function expectAgreement(high: number, observed: Float64Array, options: EstimatorOptions): void {
    const x = { name: 'x', distribution: floatDistribution('x', 0, high) };
    const points = Float64Array.from({ length: 201 }, (_, i) => (i * high) / 200);
    const fast = new ParzenEstimator([x], [observed], weights, options).logPdf([points]);
    const general = new ParzenEstimator([x, only], [observed, new Float64Array(6)], weights, options).logPdf([points, new Float64Array(201)]);
    points.forEach((point, i) => expect({ point, close: Math.abs(fast[i] - general[i]) < 1e-12 }).toEqual({ point, close: true }));
  }

  it('agrees with the general mixture on a range of a million', () => {
    expectAgreement(1e6, Float64Array.of(1e4, 2e5, 5e5, 5.1e5, 7e5, 9.9e5), plain);
  });

  it('agrees with the general mixture beside a spike', () => {
    expectAgreement(1000, Float64Array.of(10, 200, 500, 500, 700, 990), { ...plain, considerMagicClip: false });
  });
});
