import fc from 'fast-check';
import { medianInPlace } from './robust-stats';

describe('median by selection', () => {
  it('equals the median of the sorted values', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }), (values) => {
        const sorted = [...values].sort((a, b) => a - b);
        const n = sorted.length;
        const expected = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        expect(medianInPlace(Float64Array.from(values))).toBe(expected);
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it('handles many repeated values and an empty input', () => {
    expect(medianInPlace(Float64Array.from([2, 2, 2, 1, 2, 2, 3]))).toBe(2);
    expect(medianInPlace(new Float64Array(0))).toBeNaN();
  });
});
