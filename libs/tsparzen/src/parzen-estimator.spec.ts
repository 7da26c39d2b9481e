import { categoricalDistribution, floatDistribution, intDistribution } from './distributions';
import { type EstimatorOptions, ParzenEstimator } from './parzen-estimator';
import { SeededGenerator } from './random';

const univariate: EstimatorOptions = { priorWeight: 1, considerMagicClip: true, considerEndpoints: false, multivariate: false, bandwidthWeighted: false };

describe('ParzenEstimator', () => {
  it('matches a hand-computed mixture: observations 0.2 and 0.8 on [0, 1] with the prior', () => {
    // Sorted centres 0.2, 0.5 (prior), 0.8: both observation kernels get sigma 0.3 (inner gap),
    // the prior sigma 1, equal weights 1/3. Expected values from Python's math.erfc.
    const d = floatDistribution('x', 0, 1);
    const estimator = new ParzenEstimator([{ name: 'x', distribution: d }], [Float64Array.of(0.2, 0.8)], [1, 1], univariate);
    const logPdf = estimator.logPdf([Float64Array.of(0.5, 0.05)]);
    expect(logPdf[0]).toBeCloseTo(0.0679598192534362, 6);
    expect(logPdf[1]).toBeCloseTo(-0.1438270060876564, 6);
  });

  it('weights kernels by bandwidth when scoring with bandwidthWeighted', () => {
    // Same mixture with weights proportional to 0.3, 0.3 and 1 (the kernels' sigmas).
    const d = floatDistribution('x', 0, 1);
    const estimator = new ParzenEstimator([{ name: 'x', distribution: d }], [Float64Array.of(0.2, 0.8)], [1, 1], {
      ...univariate,
      bandwidthWeighted: true,
    });
    const logPdf = estimator.logPdf([Float64Array.of(0.5, 0.05)]);
    expect(logPdf[0]).toBeCloseTo(0.05624466448451079, 6);
    expect(logPdf[1]).toBeCloseTo(-0.10640998745824676, 6);
  });

  it('is a density: it integrates to one over a log range', () => {
    const d = floatDistribution('lr', 1e-4, 1, { log: true });
    const observed = Float64Array.of(0.001, 0.002, 0.5);
    const estimator = new ParzenEstimator([{ name: 'lr', distribution: d }], [observed], [1, 1, 1], { ...univariate, bandwidthWeighted: true });
    // In model space (log x) the density integrates to one; sample it on a fine grid of log x.
    const steps = 20000;
    const low = Math.log(1e-4);
    const width = -low;
    const points = Float64Array.from({ length: steps }, (_, i) => Math.exp(low + ((i + 0.5) * width) / steps));
    const total = estimator.logPdf([points]).reduce((sum, v) => sum + Math.exp(v) * (width / steps), 0);
    expect(total).toBeCloseTo(1, 4);
  });

  it('gives grid masses that sum to one for an int range', () => {
    const d = intDistribution('n', 1, 20);
    const estimator = new ParzenEstimator([{ name: 'n', distribution: d }], [Float64Array.of(3, 4, 17)], [1, 1, 1], univariate);
    const values = Float64Array.from({ length: 20 }, (_, i) => i + 1);
    const total = estimator.logPdf([values]).reduce((sum, v) => sum + Math.exp(v), 0);
    expect(total).toBeCloseTo(1, 6);
  });

  it('smooths categorical kernels with the prior weight', () => {
    const d = categoricalDistribution('c', ['a', 'b', 'c']);
    // Two kernels (one observation of 'b' plus the prior); each choice gets priorWeight/2 = 1/2 in
    // every kernel: observation row [0.5, 1.5, 0.5]/2.5, prior row [1/3, 1/3, 1/3]; weights 1/2 each.
    const estimator = new ParzenEstimator([{ name: 'c', distribution: d }], [Float64Array.of(1)], [1], univariate);
    const p = Array.from(estimator.logPdf([Float64Array.of(0, 1, 2)]), Math.exp);
    expect(p[0]).toBeCloseTo((0.2 + 1 / 3) / 2, 12);
    expect(p[1]).toBeCloseTo((0.6 + 1 / 3) / 2, 12);
    expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 12);
  });

  it('samples valid values, concentrated near the observations', () => {
    const d = floatDistribution('x', -10, 10);
    const observed = Float64Array.from({ length: 30 }, (_, i) => 3 + (i % 5) * 0.01);
    const estimator = new ParzenEstimator([{ name: 'x', distribution: d }], [observed], new Float64Array(30).fill(1), univariate);
    const samples = estimator.sample(new SeededGenerator(5), 2000)[0];
    const near = samples.filter((x) => Math.abs(x - 3) < 1).length;
    expect(samples.every((x) => x >= -10 && x <= 10)).toBe(true);
    // 30 of 31 kernels sit at 3 with sigma clipped to 20/31 ~ 0.65: about 0.9 of draws land within 1.
    expect(near / samples.length).toBeGreaterThan(0.8);
  });

  it('models parameters jointly in multivariate mode', () => {
    const space = [
      { name: 'x', distribution: floatDistribution('x', 0, 1) },
      { name: 'y', distribution: floatDistribution('y', 0, 1) },
    ];
    // Points on the diagonal corners: a joint model rates (0.1, 0.1) far above (0.1, 0.9).
    const xs = Float64Array.of(0.1, 0.1, 0.1, 0.9, 0.9, 0.9);
    const estimator = new ParzenEstimator(space, [xs, xs.slice()], new Float64Array(6).fill(1), { ...univariate, multivariate: true });
    const [onDiagonal, offDiagonal] = estimator.logPdf([Float64Array.of(0.1, 0.1), Float64Array.of(0.1, 0.9)]);
    expect(onDiagonal - offDiagonal).toBeGreaterThan(3);
  });
});
