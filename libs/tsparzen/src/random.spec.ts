import { SeededGenerator } from './random';

describe('SeededGenerator', () => {
  it('repeats its sequence for a seed and differs for another seed', () => {
    const draw = (seed: number): number[] => {
      const g = new SeededGenerator(seed);
      return Array.from({ length: 6 }, () => g.nextUint32());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(8)).not.toEqual(draw(7));
    expect(draw(2 ** 40)).not.toEqual(draw(0));
  });

  it('continues the same sequence after restoring its state', () => {
    const g = new SeededGenerator(3);
    g.nextFloat();
    const copy = SeededGenerator.fromState(JSON.parse(JSON.stringify(g.state())));
    expect([copy.nextFloat(), copy.nextNormal()]).toEqual([g.nextFloat(), g.nextNormal()]);
  });

  it('draws uniforms in [0, 1) and standard normals with mean 0 and variance 1', () => {
    const g = new SeededGenerator(11);
    const n = 100_000;
    let uniformSum = 0;
    let min = 1;
    let max = 0;
    let normalSum = 0;
    let normalSquares = 0;
    for (let i = 0; i < n; i++) {
      const u = g.nextFloat();
      uniformSum += u;
      min = Math.min(min, u);
      max = Math.max(max, u);
      const z = g.nextNormal();
      normalSum += z;
      normalSquares += z * z;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // Standard errors: 0.0009 for the uniform mean, 0.003 for the normal mean, 0.0045 for its variance.
    expect(Math.abs(uniformSum / n - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(normalSum / n)).toBeLessThan(0.015);
    expect(Math.abs(normalSquares / n - 1)).toBeLessThan(0.02);
  });

  it('rejects a seed that is not a safe integer and a malformed state', () => {
    expect(() => new SeededGenerator(1.5)).toThrow('seed must be a safe integer');
    expect(() => SeededGenerator.fromState([1, 2, 3] as unknown as [number, number, number, number])).toThrow('four unsigned 32-bit integers');
  });
});
