// Reference values from scipy.stats.norm 1.10 (Debian python3-scipy), computed
// independently of this code.
import { inverseNormalCdf, normalCdf } from './normal-distribution';

const CDF: readonly [number, number][] = [
  [-8, 6.22096057427174e-16],
  [-5, 2.866515718791933e-7],
  [-3.5, 0.00023262907903552502],
  [-2, 0.022750131948179195],
  [-1, 0.15865525393145707],
  [-0.3, 0.3820885778110474],
  [0, 0.5],
  [0.7, 0.758036347776927],
  [1.5, 0.9331927987311419],
  [2.9, 0.998134186699616],
  [3.1, 0.9990323967867817],
  [4.2, 0.9999866542509841],
  [6, 0.9999999990134123],
];

const QUANTILES: readonly [number, number][] = [
  [1e-12, -7.034483825301131],
  [1e-6, -4.753424308822899],
  [0.001, -3.090232306167813],
  [0.005, -2.575829303548901],
  [0.02, -2.053748910631823],
  [0.3, -0.5244005127080409],
  [0.5, 0],
  [0.8, 0.8416212335729143],
  [0.995, 2.5758293035489004],
  [1 - 1 / (200 * Math.E), 2.904466609532283],
];

describe('the standard normal distribution', () => {
  it.each(CDF)('Φ(%p) matches scipy to 1e-13 relative', (x, expected) => {
    expect(Math.abs(normalCdf(x) - expected)).toBeLessThanOrEqual(1e-13 * expected);
  });

  it.each(QUANTILES)('Φ⁻¹(%p) matches scipy to 1e-12', (p, expected) => {
    expect(Math.abs(inverseNormalCdf(p) - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
  });

  it('gives infinities at 0 and 1 and refuses probabilities outside [0, 1]', () => {
    expect(inverseNormalCdf(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(inverseNormalCdf(1)).toBe(Number.POSITIVE_INFINITY);
    expect(() => inverseNormalCdf(1.5)).toThrow('a probability must be in [0, 1], got 1.5');
  });
});
