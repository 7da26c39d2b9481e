import { SeededGenerator } from '../random';
import { testFunctions } from './test-functions';
import {
  ackley5,
  dixonPrice6,
  goldsteinPrice,
  griewank6,
  hartmann3,
  levy4,
  michalewicz5,
  rastrigin4,
  shekel10,
  sixHumpCamel,
  styblinskiTang4,
  validationFunctions,
  zakharov5,
} from './validation-functions';

describe('the held-out validation suite', () => {
  it('shares no function with the benchmark', () => {
    const benchmark = new Set(testFunctions.map((f) => f.name));
    expect(validationFunctions.filter((f) => benchmark.has(f.name))).toEqual([]);
    expect(new Set(validationFunctions.map((f) => f.name)).size).toBe(validationFunctions.length);
  });

  // Minimisers from the Virtual Library of Simulation Experiments: each function reaches its stated minimum there.
  it.each([
    [ackley5, [0, 0, 0, 0, 0], 1e-12],
    [styblinskiTang4, [-2.903534027771178, -2.903534027771178, -2.903534027771178, -2.903534027771178], 1e-9],
    [levy4, [1, 1, 1, 1], 1e-12],
    [hartmann3, [0.114614, 0.555649, 0.852547], 1e-5],
    [sixHumpCamel, [0.08984201368301331, -0.7126564032704135], 1e-12],
    [goldsteinPrice, [0, -1], 1e-12],
    [rastrigin4, [0, 0, 0, 0], 1e-12],
    [griewank6, [0, 0, 0, 0, 0, 0], 1e-12],
    [shekel10, [4.000746870040893, 3.999509482383728, 4.0007468652725215, 3.9995094776153564], 1e-6],
    [michalewicz5, [2.202905522584915, 1.5707963275909418, 1.2849915707111357, 1.923058468580246, 1.720469772517681], 1e-6],
    [dixonPrice6, [1, 2, 3, 4, 5, 6].map((i) => 2 ** -((2 ** i - 2) / 2 ** i)), 1e-12],
    [zakharov5, [0, 0, 0, 0, 0], 1e-12],
  ] as const)('%# %s reaches its minimum at the known minimiser', (fn, x, tolerance) => {
    expect(Math.abs(fn.evaluate(x) - fn.minimum)).toBeLessThan(tolerance);
  });

  it('never goes below a stated minimum over 20,000 random points per function', () => {
    const random = new SeededGenerator(11);
    for (const fn of validationFunctions) {
      let lowest = Infinity;
      for (let s = 0; s < 20_000; s++) lowest = Math.min(lowest, fn.evaluate(fn.bounds.map(([low, high]) => low + (high - low) * random.nextFloat())));
      expect({ name: fn.name, below: lowest < fn.minimum - 1e-6 }).toEqual({ name: fn.name, below: false });
    }
  });
});
