import { SeededGenerator } from './random';

// Reference outputs from an independent Python model of sfc32 seeded through splitmix32
// (32-bit words as Python ints masked with 0xffffffff, twelve warm-up draws): the exact
// stream is part of the contract, since a saved study resumes on it.
describe('SeededGenerator stream', () => {
  it('gives the reference words and state for seeds 0, 7 and 2^40', () => {
    const draw = (seed: number): { words: number[]; state: readonly number[] } => {
      const g = new SeededGenerator(seed);
      const words = [g.nextUint32(), g.nextUint32(), g.nextUint32()];
      return { words, state: g.state() };
    };
    expect(draw(0)).toEqual({ words: [4205396811, 3543653536, 1222415357], state: [513831289, 1257936766, 716137904, 1275600334] });
    expect(draw(7)).toEqual({ words: [838155491, 1550620431, 3610122010], state: [251788519, 997404751, 1242957548, 2372217181] });
    // 2^40: the high word (256) folded into the low one (0).
    expect(draw(2 ** 40)).toEqual({ words: [1981058879, 2087437007, 2022063479], state: [2252203554, 2308614427, 2565817131, 3278881187] });
  });

  it('draws the reference floats, ints and uniforms for seed 3', () => {
    const floats = new SeededGenerator(3);
    expect([floats.nextFloat(), floats.nextFloat(), floats.nextFloat()]).toEqual([0.41188751608416585, 0.5657675365233699, 0.3421454024390005]);
    const mixed = new SeededGenerator(3);
    // floor(10 * 0.4118...), 2 + 3 * 0.5657..., floor(1000 * 0.3421...).
    expect([mixed.nextInt(10), mixed.uniform(2, 5), mixed.nextInt(1000)]).toEqual([4, 3.6973026095701096, 342]);
  });

  it('redraws a uniform of exactly 0 before taking its log for a normal', () => {
    // From the all-zero state the first two words are 0 and 1: nextFloat gives exactly 0,
    // whose log would make the normal infinite. Python model: -2.6520608338433465.
    expect(SeededGenerator.fromState([0, 0, 0, 0]).nextFloat()).toBe(0);
    const g = SeededGenerator.fromState([0, 0, 0, 0]);
    expect(g.nextNormal()).toBe(-2.6520608338433465);
    expect(g.state()).toEqual([1106878466, 4252235164, 3512349220, 8]);
  });

  it('accepts every unsigned 32-bit word in a state and nothing else', () => {
    expect(SeededGenerator.fromState([0xffffffff, 0, 0xffffffff, 0]).state()).toEqual([0xffffffff, 0, 0xffffffff, 0]);
    const message = 'random state must be four unsigned 32-bit integers';
    for (const bad of [[-1, 0, 0, 0], [2 ** 32, 0, 0, 0], [0, 0.5, 0, 0], [0, 0, 0, 0, 0], '0000']) {
      expect(() => SeededGenerator.fromState(bad as unknown as [number, number, number, number])).toThrow(message);
    }
    expect(() => new SeededGenerator(2 ** 53)).toThrow('seed must be a safe integer, got 9007199254740992');
  });
});
