import { SeededRandom } from './random';
import { selectInPlace } from './selection';

describe('selectInPlace', () => {
  it('returns the k-th smallest and partitions around it, on random, sorted, reversed and repeated values', () => {
    const random = new SeededRandom(9);
    const inputs = [
      Float64Array.from({ length: 501 }, () => random.nextFloat()),
      Float64Array.from({ length: 300 }, (_, i) => i),
      Float64Array.from({ length: 300 }, (_, i) => 300 - i),
      Float64Array.from({ length: 200 }, (_, i) => i % 3),
    ];
    for (const input of inputs) {
      const sorted = [...input].sort((a, b) => a - b);
      for (const k of [0, 1, input.length >> 1, input.length - 1]) {
        const values = Float64Array.from(input);
        expect(selectInPlace(values, k)).toBe(sorted[k]);
        expect(values.slice(0, k).every((v) => v <= sorted[k])).toBe(true);
        expect(values.slice(k + 1).every((v) => v >= sorted[k])).toBe(true);
      }
    }
  });

  it('looks only at the first n values when n is given', () => {
    const values = Float64Array.from([5, 1, 4, 2, 3, -100, -200]);
    expect(selectInPlace(values, 0, 5)).toBe(1);
    expect(Array.from(values.slice(5))).toEqual([-100, -200]);
  });
});
