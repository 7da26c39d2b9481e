// The measures at their edges: what each refuses and the message it gives,
// degenerate inputs with exact answers (no variance, one observation, a pivot
// within rounding of zero), and Monte Carlo on scripted draws.
import type { RandomSource } from '@trading/domain';
import { SeededRandom } from '@trading/domain';
import { cholesky } from './cholesky';
import { historicalVar } from './historical-var';
import { tailRisk, varRank } from './loss-quantile';
import { monteCarloVar, monteCarloVarFromMoments } from './monte-carlo-var';
import { fillStandardNormal, normalDensity, normalQuantile } from './normal-distribution';
import { parametricVar, parametricVarFromMoments } from './parametric-var';
import { ReturnHistory } from './return-history';
import { checkVarOptions } from './var-result';

/** Hands out the given uniforms in order. */
function scripted(values: readonly number[]): RandomSource {
  let i = 0;
  return { nextFloat: () => values[i++], nextUint32: () => 0 };
}

describe('VaR options', () => {
  it('takes a confidence strictly inside (0.5, 1) and a whole horizon of at least one bar', () => {
    expect(() => checkVarOptions({ confidence: 0.5000001, horizonBars: 1 })).not.toThrow();
    expect(() => checkVarOptions({ confidence: 0.9999999, horizonBars: 1 })).not.toThrow();
    expect(() => checkVarOptions({ confidence: 0.5, horizonBars: 1 })).toThrow(new RangeError('VaR confidence must be in (0.5, 1), got 0.5'));
    expect(() => checkVarOptions({ confidence: 1, horizonBars: 1 })).toThrow(new RangeError('VaR confidence must be in (0.5, 1), got 1'));
    expect(() => checkVarOptions({ confidence: 0.99, horizonBars: 0 })).toThrow(new RangeError('VaR horizonBars must be an integer >= 1, got 0'));
    expect(() => checkVarOptions({ confidence: 0.99, horizonBars: 1.5 })).toThrow(new RangeError('VaR horizonBars must be an integer >= 1, got 1.5'));
  });
});

describe('the normal distribution at its edges', () => {
  it('has the textbook density', () => {
    expect(normalDensity(0)).toBeCloseTo(0.3989422804014327, 15);
    expect(normalDensity(1)).toBeCloseTo(0.24197072451914337, 15);
    expect(normalDensity(-1)).toBeCloseTo(0.24197072451914337, 15);
  });

  it('gives the upper tail by symmetry, and refuses 0 and NaN', () => {
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306167813, 7);
    expect(normalQuantile(0.99)).toBeCloseTo(2.3263478740408408, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263478740408408, 8);
    expect(() => normalQuantile(0)).toThrow(new RangeError('normal quantile needs p in (0, 1), got 0'));
    expect(() => normalQuantile(Number.NaN)).toThrow('normal quantile needs p in (0, 1), got NaN');
  });

  it('turns each pair of uniforms into two draws (Box–Muller), the last of an odd count alone', () => {
    // u = 0.5: radius sqrt(−2 ln 0.5) = sqrt(2 ln 2); angle 2π · 0 and 2π · 0.5.
    const out = new Float64Array(3);
    fillStandardNormal(scripted([0.5, 0, 0.5, 0.5]), out);
    const radius = Math.sqrt(2 * Math.LN2);
    expect(out[0]).toBeCloseTo(radius, 15);
    expect(out[1]).toBeCloseTo(0, 15);
    expect(out[2]).toBeCloseTo(-radius, 15);
    // u = 0 is drawn as 1 − 0: radius 0, not an infinite one.
    fillStandardNormal(scripted([0, 0.25]), out.subarray(0, 1));
    expect(out[0]).toBeCloseTo(0, 15);
  });
});

describe('cholesky at its edges', () => {
  it('refuses a matrix of the wrong size', () => {
    expect(() => cholesky(new Float64Array(3), 2)).toThrow(new RangeError('cholesky: matrix has 3 entries, expected 2×2'));
  });

  it('takes a pivot within 1e-12 of the largest diagonal for zero, either side, and refuses one further below', () => {
    expect(Array.from(cholesky(Float64Array.from([1, 1, 1, 1 - 5e-13]), 2))).toEqual([1, 0, 1, 0]);
    expect(Array.from(cholesky(Float64Array.from([1, 1, 1, 1 + 5e-13]), 2))).toEqual([1, 0, 1, 0]);
    expect(() => cholesky(Float64Array.from([1, 1, 1, 1 - 1e-10]), 2)).toThrow('cholesky: matrix is not positive semi-definite (pivot 1 is');
    // The tolerance scales with the largest diagonal, whatever its sign.
    expect(() => cholesky(Float64Array.from([-4]), 1)).toThrow('pivot 0 is -4');
    expect(Array.from(cholesky(Float64Array.from([4, 0, 0, 9]), 2))).toEqual([2, 0, 0, 3]);
    // No variance at all: every pivot is zero and every column too.
    expect(Array.from(cholesky(new Float64Array(4), 2))).toEqual([0, 0, 0, 0]);
  });
});

describe('loss quantile at its edges', () => {
  it('needs one observation, and reads only the first n losses', () => {
    expect(() => tailRisk(new Float64Array(3), 0, 0.99)).toThrow(new RangeError('tail risk needs at least one observation'));
    expect(tailRisk(Float64Array.from([5, 1, 100]), 2, 0.99)).toEqual({ valueAtRisk: 5, expectedShortfall: 5 });
    expect(varRank(1, 0.99)).toBe(0);
    expect(varRank(4, 0.75)).toBe(2);
    expect(varRank(4, 0.76)).toBe(3);
  });
});

describe('historical VaR with a reused scratch', () => {
  it('gives the same figure on a scratch left dirty by a larger history', () => {
    const history = ReturnHistory.fromReturns({ AAAUSD: [0.01, -0.02, 0.005, -0.01, 0.0] });
    const weights = Float64Array.from([1000]);
    const clean = historicalVar(history, weights, { confidence: 0.8, horizonBars: 1 });
    const dirty = Float64Array.from([1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9]);
    expect(historicalVar(history, weights, { confidence: 0.8, horizonBars: 1 }, dirty)).toEqual(clean);
    // Losses −10 a: [−10, 20, −5, 10, 0]; at 0.8 the 4th smallest, 10; CVaR (10 + 20) / 2.
    expect(clean).toEqual({ method: 'historical', confidence: 0.8, horizonBars: 1, observations: 5, valueAtRisk: 10, expectedShortfall: 15 });
  });
});

describe('parametric VaR at its edges', () => {
  it('refuses moments and weights of different sizes, naming both', () => {
    const moments = { means: Float64Array.from([0, 0]), covariance: new Float64Array(4) };
    expect(() => parametricVarFromMoments(moments, Float64Array.from([1]), { confidence: 0.99, horizonBars: 1 })).toThrow(new RangeError('moments are for 2 symbols, weights for 1'));
    expect(() => parametricVarFromMoments({ ...moments, covariance: new Float64Array(3) }, Float64Array.from([1, 1]), { confidence: 0.99, horizonBars: 1 })).toThrow('moments are for 2 symbols, weights for 2');
    const history = ReturnHistory.fromReturns({ AAAUSD: [0.01, -0.01] });
    expect(() => parametricVar(history, new Float64Array(2), { confidence: 0.99, horizonBars: 1 })).toThrow(new RangeError('weights has 2 entries for 1 symbols'));
  });

  it('with no variance is the mean loss alone, and reports the observations behind it', () => {
    const moments = { means: Float64Array.from([-0.001]), covariance: Float64Array.from([0]) };
    expect(parametricVarFromMoments(moments, Float64Array.from([1000]), { confidence: 0.95, horizonBars: 4 })).toEqual({
      method: 'parametric',
      confidence: 0.95,
      horizonBars: 4,
      observations: 0,
      valueAtRisk: 2,
      expectedShortfall: 2,
    });
    // A covariance a hair below zero from rounding counts as none.
    expect(parametricVarFromMoments({ ...moments, covariance: Float64Array.from([-1e-20]) }, Float64Array.from([1000]), { confidence: 0.95, horizonBars: 1 }).valueAtRisk).toBeCloseTo(1, 15);
    const history = ReturnHistory.fromReturns({ AAAUSD: [0.01, -0.01, 0.02] });
    expect(parametricVar(history, Float64Array.from([1]), { confidence: 0.95, horizonBars: 1 }).observations).toBe(3);
  });
});

describe('Monte Carlo VaR at its edges', () => {
  const options = { confidence: 0.9, horizonBars: 4, scenarios: 100 };

  it('takes 100 scenarios and no fewer, whole; refuses moments or weights of another size', () => {
    const moments = { means: Float64Array.from([0]), covariance: Float64Array.from([1e-4]) };
    const weights = Float64Array.from([1]);
    expect(monteCarloVarFromMoments(moments, weights, options, new SeededRandom(1)).observations).toBe(100);
    expect(() => monteCarloVarFromMoments(moments, weights, { ...options, scenarios: 99 }, new SeededRandom(1))).toThrow(new RangeError('Monte Carlo needs an integer >= 100 scenarios, got 99'));
    expect(() => monteCarloVarFromMoments(moments, weights, { ...options, scenarios: 100.5 }, new SeededRandom(1))).toThrow('got 100.5');
    expect(() => monteCarloVarFromMoments(moments, Float64Array.from([1, 1]), options, new SeededRandom(1))).toThrow(new RangeError('moments are for 1 symbols, weights for 2'));
    expect(() => monteCarloVarFromMoments({ ...moments, covariance: new Float64Array(2) }, weights, options, new SeededRandom(1))).toThrow('moments are for 1 symbols, weights for 1');
    const history = ReturnHistory.fromReturns({ AAAUSD: [0.01, -0.01] });
    expect(() => monteCarloVar(history, new Float64Array(2), options, new SeededRandom(1))).toThrow(new RangeError('weights has 2 entries for 1 symbols'));
  });

  it('with no variance is the mean loss in every scenario', () => {
    const moments = { means: Float64Array.from([-0.001, 0.0005]), covariance: new Float64Array(4) };
    // Long 1000 of a falling asset, short 2000 of a rising one: −(1000 × −0.001 − 2000 × 0.0005) = 2 per bar, × sqrt(4) = 4.
    const result = monteCarloVarFromMoments(moments, Float64Array.from([1000, -2000]), options, new SeededRandom(9));
    expect(result).toEqual({ method: 'monte-carlo', confidence: 0.9, horizonBars: 4, observations: 100, valueAtRisk: 4, expectedShortfall: 4 });
  });

  it('values each scenario as −wᵀ(μ + L z) on the draws the seed gives, and reads their empirical quantile', () => {
    // σ1 = 1 %, σ2 = 2 %, ρ = 0.5: L = [[0.01, 0], [0.01, 0.01·√3]].
    const moments = { means: Float64Array.from([0.0002, -0.0001]), covariance: Float64Array.from([1e-4, 1e-4, 1e-4, 4e-4]) };
    const weights = Float64Array.from([1000, -500]);
    const l = [0.01, 0, 0.01, 0.01 * Math.sqrt(3)];
    const random = new SeededRandom(42);
    const z = new Float64Array(2);
    const losses: number[] = [];
    for (let s = 0; s < 100; s++) {
      fillStandardNormal(random, z);
      const r1 = moments.means[0] + l[0] * z[0];
      const r2 = moments.means[1] + l[2] * z[0] + l[3] * z[1];
      losses.push(-(weights[0] * r1 + weights[1] * r2));
    }
    losses.sort((a, b) => a - b);
    // At 0.9 of 100: the 90th smallest (index 89); CVaR the mean of the 11 from there; × sqrt(4).
    const tail = losses.slice(89);
    const result = monteCarloVarFromMoments(moments, weights, options, new SeededRandom(42));
    expect(result.valueAtRisk).toBeCloseTo(losses[89] * 2, 9);
    expect(result.expectedShortfall).toBeCloseTo((tail.reduce((a, b) => a + b, 0) / tail.length) * 2, 9);
  });
});

describe('return history at its edges', () => {
  it('refuses no symbol, a non-finite return, fewer than two closes, and a close that is not positive', () => {
    expect(() => ReturnHistory.fromReturns({})).toThrow(new RangeError('return history needs at least one symbol'));
    expect(() => ReturnHistory.fromReturns({ AAAUSD: [0.1, Number.NaN] })).toThrow(new RangeError('return 1 of AAAUSD is not finite (NaN)'));
    expect(() => ReturnHistory.fromReturns({ AAAUSD: [Number.POSITIVE_INFINITY] })).toThrow('return 0 of AAAUSD is not finite (Infinity)');
    expect(() => ReturnHistory.fromCloses({ AAAUSD: [1.1] })).toThrow(new RangeError('closes of AAAUSD need at least two values'));
    expect(() => ReturnHistory.fromCloses({ AAAUSD: [1.1, 0, 1.2] })).toThrow(new RangeError('close 1 of AAAUSD must be > 0, got 0'));
    expect(() => ReturnHistory.fromCloses({ AAAUSD: [Number.NaN, 1.2] })).toThrow('close 0 of AAAUSD must be > 0, got NaN');
  });

  it('orders symbols by name and computes means, the sample covariance and the correlation', () => {
    const history = ReturnHistory.fromReturns({ BBBUSD: [0.02, 0, 0.01], AAAUSD: [0.01, -0.01, 0] });
    expect(history.symbols).toEqual(['AAAUSD', 'BBBUSD']);
    expect(history.indexOf('BBBUSD')).toBe(1);
    expect(history.indexOf('CCCUSD')).toBe(-1);
    expect(Array.from(history.means).map((m) => Number(m.toFixed(12)))).toEqual([0, 0.01]);
    // Deviations a = [0.01, −0.01, 0], b = [0.01, −0.01, 0]: every (co)variance 0.0002 / 2 = 0.0001.
    expect(Array.from(history.covariance).map((c) => Number(c.toFixed(12)))).toEqual([0.0001, 0.0001, 0.0001, 0.0001]);
    expect(history.correlationOf('AAAUSD', 'BBBUSD')).toBeCloseTo(1, 12);
    expect(history.correlationOf('BBBUSD', 'CCCUSD')).toBeNaN();
    expect(history.correlationOf('CCCUSD', 'AAAUSD')).toBeNaN();
  });

  it('gives one observation no covariance, and a series that never moves no correlation', () => {
    const one = ReturnHistory.fromReturns({ AAAUSD: [0.01], BBBUSD: [0.02] });
    expect(Array.from(one.covariance)).toEqual([0, 0, 0, 0]);
    expect(one.correlationOf('AAAUSD', 'BBBUSD')).toBe(0);
    const still = ReturnHistory.fromReturns({ AAAUSD: [0.01, -0.01, 0.02], BBBUSD: [0, 0, 0] });
    expect(still.correlationOf('AAAUSD', 'BBBUSD')).toBe(0);
    expect(still.correlationOf('BBBUSD', 'BBBUSD')).toBe(1);
  });

  it('takes simple returns from closes', () => {
    const history = ReturnHistory.fromCloses({ AAAUSD: [1, 1.1, 0.99] });
    expect(Array.from(history.returns).map((r) => Number(r.toFixed(12)))).toEqual([0.1, -0.1]);
  });
});
