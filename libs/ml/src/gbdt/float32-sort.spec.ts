import fc from 'fast-check';
import { sortFloat32 } from './float32-sort';

describe('radix sort of float32 values', () => {
  it('orders any finite or infinite values as the built-in numeric sort does', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ noNaN: true }), { maxLength: 300 }), (values) => {
        const input = Float32Array.from(values);
        const expected = input.slice().sort();
        const actual = sortFloat32(input);
        return actual.length === expected.length && actual.every((v, i) => v === expected[i]);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('leaves its input untouched and handles the signs around zero', () => {
    const input = Float32Array.from([3, -0, 0, -2.5, 1e-40, -Infinity]);
    expect(Array.from(sortFloat32(input))).toEqual([-Infinity, -2.5, -0, 0, Math.fround(1e-40), 3]);
    expect(Array.from(input)).toEqual([3, -0, 0, -2.5, Math.fround(1e-40), -Infinity]);
  });
});
