import { SeededRandom } from './random';

describe('SeededRandom', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const c = new SeededRandom(43);
    const seqA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it('restores from its saved state to continue the same sequence', () => {
    const a = new SeededRandom(7);
    a.nextFloat();
    const restored = SeededRandom.fromState(a.state());
    expect(restored.nextUint32()).toBe(a.nextUint32());
  });

  it('draws floats uniformly in [0, 1)', () => {
    const random = new SeededRandom(1);
    const n = 100_000;
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const x = random.nextFloat();
      sum += x;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    // Mean of U(0,1) is 0.5 with standard error 1/sqrt(12n) ~ 0.0009.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
  });
});
