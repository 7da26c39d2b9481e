// Parametric and Monte Carlo VaR/CVaR against hand-computed cases, and the
// three methods against each other on normal data.
import { SeededRandom } from '@trading/domain';
import { fxReturnHistory } from '../testing/shared-fx-returns';
import { cholesky } from './cholesky';
import { historicalVar } from './historical-var';
import { monteCarloVar, monteCarloVarFromMoments } from './monte-carlo-var';
import { fillStandardNormal, normalDensity, normalQuantile } from './normal-distribution';
import { parametricVar, parametricVarFromMoments } from './parametric-var';
import { ReturnHistory } from './return-history';

// σ1 = 1 %, σ2 = 2 %, ρ = 0.5; long 1000 and 500: σp² = 100 + 2·0.5·1000·500·0.0002 + 100 = 300.
const HAND = { means: Float64Array.from([0, 0]), covariance: Float64Array.from([1e-4, 1e-4, 1e-4, 4e-4]) };
const HAND_WEIGHTS = Float64Array.from([1000, 500]);
const SIGMA = Math.sqrt(300);

describe('normal distribution', () => {
  it('gives the textbook quantiles', () => {
    expect(normalQuantile(0.99)).toBeCloseTo(2.3263478740408408, 8);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 8);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 7);
    expect(normalQuantile(0.3)).toBeCloseTo(-normalQuantile(0.7), 12);
  });

  it('refuses probabilities outside (0, 1)', () => {
    expect(() => normalQuantile(1)).toThrow('p in (0, 1)');
  });

  it('draws seeded standard normals with mean 0 and variance 1', () => {
    const draws = new Float64Array(200_001);
    fillStandardNormal(new SeededRandom(7), draws);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws.length - 1);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.01);
  });
});

describe('cholesky', () => {
  it('factors a 3×3 covariance so that L·Lᵀ gives it back', () => {
    const a = Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]);
    expect(Array.from(cholesky(a, 3))).toEqual([2, 0, 0, 6, 1, 0, -8, 5, 3]);
  });

  it('accepts a singular covariance (two identical series) with a zero column', () => {
    expect(Array.from(cholesky(Float64Array.from([1, 1, 1, 1]), 2))).toEqual([1, 0, 1, 0]);
  });

  it('refuses a matrix that is not positive semi-definite', () => {
    expect(() => cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toThrow('not positive semi-definite');
  });
});

describe('parametric VaR', () => {
  it('matches the hand computation: VaR99 = 2.3263 × √300, CVaR99 = √300 × φ(2.3263) / 0.01', () => {
    const result = parametricVarFromMoments(HAND, HAND_WEIGHTS, { confidence: 0.99, horizonBars: 1 });
    expect(result.valueAtRisk).toBeCloseTo(40.2936, 3);
    expect(result.expectedShortfall).toBeCloseTo(46.1627, 3);
    expect(result.expectedShortfall).toBeCloseTo((SIGMA * normalDensity(normalQuantile(0.99))) / 0.01, 9);
  });

  it('subtracts the mean return and scales by sqrt of the horizon', () => {
    const moments = { means: Float64Array.from([0.001, 0]), covariance: HAND.covariance };
    const result = parametricVarFromMoments(moments, HAND_WEIGHTS, { confidence: 0.95, horizonBars: 9 });
    // (−1 + 1.64485 × 17.3205) × 3
    expect(result.valueAtRisk).toBeCloseTo((-1 + 1.6448536269514722 * SIGMA) * 3, 6);
  });
});

describe('Monte Carlo VaR', () => {
  it('agrees with the parametric figure on the hand case within sampling error, and repeats exactly with the same seed', () => {
    const options = { confidence: 0.99, horizonBars: 1, scenarios: 200_000 };
    const first = monteCarloVarFromMoments(HAND, HAND_WEIGHTS, options, new SeededRandom(11));
    const again = monteCarloVarFromMoments(HAND, HAND_WEIGHTS, options, new SeededRandom(11));
    expect(again).toEqual(first);
    // Standard error of the 99 % quantile with 200k draws: sqrt(0.99·0.01/200k)/φ(2.326)·σ ≈ 0.0083σ ≈ 0.14.
    expect(Math.abs(first.valueAtRisk - 40.2936)).toBeLessThan(0.6);
    expect(Math.abs(first.expectedShortfall - 46.1627)).toBeLessThan(0.8);
  });

  it('agrees with parametric on the moments of the six real pairs', () => {
    const { history } = fxReturnHistory(500);
    const weights = Float64Array.from([100_000, -50_000, 200_000, 0, -120_000, 80_000]);
    const options = { confidence: 0.99, horizonBars: 24 };
    const parametric = parametricVar(history, weights, options);
    const monteCarlo = monteCarloVar(history, weights, { ...options, scenarios: 200_000 }, new SeededRandom(3));
    expect(Math.abs(monteCarlo.valueAtRisk / parametric.valueAtRisk - 1)).toBeLessThan(0.02);
    expect(Math.abs(monteCarlo.expectedShortfall / parametric.expectedShortfall - 1)).toBeLessThan(0.03);
  });

  it('refuses too few scenarios', () => {
    expect(() => monteCarloVarFromMoments(HAND, HAND_WEIGHTS, { confidence: 0.99, horizonBars: 1, scenarios: 10 }, new SeededRandom(1))).toThrow('>= 100 scenarios');
  });
});

describe('the three methods on normal data', () => {
  it('historical VaR on 100k correlated normal returns matches parametric and Monte Carlo', () => {
    // Returns drawn from the hand case's distribution: r = L z.
    const n = 100_000;
    const lower = cholesky(HAND.covariance, 2);
    const random = new SeededRandom(2024);
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    const z = new Float64Array(2);
    for (let t = 0; t < n; t++) {
      fillStandardNormal(random, z);
      a[t] = lower[0] * z[0];
      b[t] = lower[2] * z[0] + lower[3] * z[1];
    }
    const history = ReturnHistory.fromReturns({ AAAUSD: a, BBBUSD: b });
    const options = { confidence: 0.99, horizonBars: 1 };
    const historical = historicalVar(history, HAND_WEIGHTS, options);
    const parametric = parametricVar(history, HAND_WEIGHTS, options);
    const monteCarlo = monteCarloVar(history, HAND_WEIGHTS, { ...options, scenarios: 100_000 }, new SeededRandom(5));
    for (const result of [historical, parametric, monteCarlo]) {
      expect(Math.abs(result.valueAtRisk / 40.2936 - 1)).toBeLessThan(0.03);
      expect(Math.abs(result.expectedShortfall / 46.1627 - 1)).toBeLessThan(0.04);
    }
  });
});
