import { categoricalDistribution, floatDistribution, intDistribution } from './distributions';
import { type EstimatorOptions, ParzenEstimator } from './parzen-estimator';
import { SeededGenerator } from './random';
import { observationWeights, tpeSettings } from './samplers/tpe-settings';

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

  it('weights log-int kernels by their log-space bandwidths, scoring candidates as Optuna 3.1 does', () => {
    // Optuna scores a log int by its truncated-normal density at log(v) without 1/sigma, so each
    // kernel counts in proportion to its bandwidth. We keep the exact cell mass, which for cells
    // this narrow (v in the thousands) equals density times cell width; the width cancels in
    // log l - log g. References: Optuna's _ParzenEstimator log_pdf(l) - log_pdf(g) at
    // n = 4000, 6000, 250, 7000, relative to the first (tools: /usr/bin/python3, optuna 3.1.0).
    const space = [{ name: 'n', distribution: intDistribution('n', 1, 10000, { log: true }) }];
    const candidates = [Float64Array.of(4000, 6000, 250, 7000)];
    const relativeScores = (multivariate: boolean): number[] => {
      const options = { ...univariate, multivariate, bandwidthWeighted: true };
      const good = new ParzenEstimator(space, [Float64Array.of(200, 300, 5000)], [1, 1, 1], options).logPdf(candidates);
      const bad = new ParzenEstimator(space, [Float64Array.of(10, 50, 1000, 3000, 8000, 9000)], new Float64Array(6).fill(1), options).logPdf(candidates);
      return Array.from(good, (l, i) => l - bad[i] - (good[0] - bad[0]));
    };
    const univariateScores = relativeScores(false);
    [0, -0.06899710559757177, 0.6051788086922367, -0.08292685821998402].forEach((expected, i) => expect(univariateScores[i]).toBeCloseTo(expected, 5));
    const multivariateScores = relativeScores(true);
    [0, -0.05802074438328442, 0.652926800001565, -0.07135092419295574].forEach((expected, i) => expect(multivariateScores[i]).toBeCloseTo(expected, 5));
  });

  it('matches Optuna 3.1 on a joint continuous model up to a constant: bandwidth rule, clip, prior, ramped weights', () => {
    // Three observations in l, 30 in g (so g's weights ramp), on Branin's box. Reference numbers:
    // Optuna's _ParzenEstimator(multivariate=True) log_pdf(l) - log_pdf(g), relative to the first point.
    const space = [
      { name: 'x0', distribution: floatDistribution('x0', -5, 10) },
      { name: 'x1', distribution: floatDistribution('x1', 0, 15) },
    ];
    const options = { ...univariate, multivariate: true, bandwidthWeighted: true };
    const goodColumns = [Float64Array.of(-3, 3.1, 9.4), Float64Array.of(12, 2.3, 2.5)];
    const badColumns = [
      Float64Array.from({ length: 30 }, (_, i) => -5 + ((i * 7) % 30) * 0.5),
      Float64Array.from({ length: 30 }, (_, i) => ((i * 11) % 30) * 0.5),
    ];
    const good = new ParzenEstimator(space, goodColumns, observationWeights(tpeSettings({}), 3), options);
    const bad = new ParzenEstimator(space, badColumns, observationWeights(tpeSettings({}), 30), options);
    const candidates = [Float64Array.of(3, -2.5, 9, 0), Float64Array.of(2.5, 11, 2, 7)];
    const l = good.logPdf(candidates);
    const g = bad.logPdf(candidates);
    const relative = Array.from(l, (v, i) => v - g[i] - (l[0] - g[0]));
    [0, -0.03612247835722471, 0.15886701701980654, -0.08627252913773864].forEach((expected, i) => expect(relative[i]).toBeCloseTo(expected, 5));
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
