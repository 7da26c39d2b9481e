// The measures where a looser check passed a wrong answer: the exact message of
// each refusal, how many uniforms a Monte Carlo run draws (a replay's later
// draws depend on it), the tolerance of a pivot wherever the largest variance
// sits, and a correlation of two series whose variances differ.
import type { RandomSource } from '@trading/domain';
import { SeededRandom } from '@trading/domain';
import { cholesky } from './cholesky';
import { monteCarloVarFromMoments } from './monte-carlo-var';
import { fillStandardNormal, normalQuantile } from './normal-distribution';
import { parametricVarFromMoments } from './parametric-var';
import { ReturnHistory } from './return-history';

/** A seeded source that counts the uniforms taken from it. */
function counting(seed: number): RandomSource & { readonly taken: number } {
  const random = new SeededRandom(seed);
  let taken = 0;
  return {
    nextFloat: () => {
      taken++;
      return random.nextFloat();
    },
    nextUint32: () => random.nextUint32(),
    get taken() {
      return taken;
    },
  };
}

describe('normal quantile refusals', () => {
  it('names the probability it refuses at 1 and above, not one it derived from it', () => {
    expect(() => normalQuantile(1)).toThrow(new RangeError('normal quantile needs p in (0, 1), got 1'));
    expect(() => normalQuantile(1.5)).toThrow(new RangeError('normal quantile needs p in (0, 1), got 1.5'));
  });
});

describe('uniforms drawn', () => {
  it('takes one pair per two normals, so an even count leaves the next uniform untouched', () => {
    for (const [length, pairs] of [
      [1, 1],
      [2, 1],
      [3, 2],
      [4, 2],
    ] as const) {
      const random = counting(11);
      fillStandardNormal(random, new Float64Array(length));
      expect({ length, taken: random.taken }).toEqual({ length, taken: 2 * pairs });
    }
  });

  it('takes two uniforms per scenario in Monte Carlo on one symbol: 200 for 100 scenarios', () => {
    const random = counting(5);
    monteCarloVarFromMoments({ means: Float64Array.from([0]), covariance: Float64Array.from([1e-4]) }, Float64Array.from([1]), { confidence: 0.9, horizonBars: 1, scenarios: 100 }, random);
    expect(random.taken).toBe(200);
  });
});

describe('moments of another size', () => {
  it('are refused when only the means are of another size', () => {
    const moments = { means: Float64Array.from([0, 0]), covariance: Float64Array.from([1e-4]) };
    const weights = Float64Array.from([1]);
    expect(() => parametricVarFromMoments(moments, weights, { confidence: 0.99, horizonBars: 1 })).toThrow(new RangeError('moments are for 2 symbols, weights for 1'));
    expect(() => monteCarloVarFromMoments(moments, weights, { confidence: 0.99, horizonBars: 1, scenarios: 100 }, new SeededRandom(1))).toThrow(
      new RangeError('moments are for 2 symbols, weights for 1'),
    );
  });
});

describe('cholesky tolerance', () => {
  it('scales with the largest variance wherever it sits on the diagonal', () => {
    // 1e-13 next to a variance of 1 is zero within rounding: those columns are zero, the last is sqrt(1).
    expect(Array.from(cholesky(Float64Array.from([1e-13, 0, 0, 0, 1e-13, 0, 0, 0, 1]), 3))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
    // Alone they are variances like any other.
    expect(Array.from(cholesky(Float64Array.from([1e-13, 0, 0, 1e-13]), 2))).toEqual([Math.sqrt(1e-13), 0, 0, Math.sqrt(1e-13)]);
  });
});

describe('return history moments', () => {
  // Deviations a = [0.01, −0.01, 0] and b = [0.01, −0.02, 0.01] (b's mean is 0.02):
  // var a = 2e-4 / 2 = 1e-4, var b = 6e-4 / 2 = 3e-4, cov = 3e-4 / 2 = 1.5e-4,
  // correlation 1.5e-4 / sqrt(1e-4 · 3e-4) = sqrt(3) / 2.
  const history = ReturnHistory.fromReturns({ AAAUSD: [0.01, -0.01, 0], BBBUSD: [0.03, 0, 0.03] });

  it('divides each covariance by the deviations of its own two series', () => {
    expect(Array.from(history.covariance).map((c) => Number(c.toPrecision(12)))).toEqual([1e-4, 1.5e-4, 1.5e-4, 3e-4]);
    expect(history.correlation[1]).toBeCloseTo(Math.sqrt(3) / 2, 12);
    expect(history.correlation[2]).toBeCloseTo(Math.sqrt(3) / 2, 12);
    expect([history.correlation[0], history.correlation[3]]).toEqual([1, 1]);
  });

  it('reads a correlation with the first symbol either way round', () => {
    expect(history.correlationOf('BBBUSD', 'AAAUSD')).toBeCloseTo(Math.sqrt(3) / 2, 12);
    expect(history.correlationOf('AAAUSD', 'BBBUSD')).toBeCloseTo(Math.sqrt(3) / 2, 12);
    expect(history.correlationOf('AAAUSD', 'AAAUSD')).toBe(1);
  });
});
