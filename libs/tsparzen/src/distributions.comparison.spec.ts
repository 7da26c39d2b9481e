import {
  categoricalDistribution,
  compatibleDistributions,
  describeDistribution,
  floatDistribution,
  fromModel,
  gridStep,
  intDistribution,
  isSingle,
  isValidValue,
  sameDistribution,
} from './distributions';

const lr = floatDistribution('lr', 0.001, 0.1, { log: true });
const rate = floatDistribution('rate', 0.001, 0.1);
const depth = intDistribution('depth', 2, 10);
const stepped = intDistribution('depth', 2, 10, { step: 2 });
const kind = categoricalDistribution('kind', ['a', 'b']);

describe('comparing distributions', () => {
  it('calls two distributions the same only when every field agrees', () => {
    expect(sameDistribution(lr, floatDistribution('other', 0.001, 0.1, { log: true }))).toBe(true);
    expect(sameDistribution(depth, intDistribution('other', 2, 10))).toBe(true);
    expect(sameDistribution(kind, categoricalDistribution('other', ['a', 'b']))).toBe(true);
    for (const other of [
      rate,
      floatDistribution('lr', 0.002, 0.1, { log: true }),
      floatDistribution('lr', 0.001, 0.2, { log: true }),
      floatDistribution('lr', 0.001, 0.1, { step: 0.001 }),
      depth,
      kind,
    ]) {
      expect(sameDistribution(lr, other)).toBe(false);
    }
    expect([sameDistribution(depth, stepped), sameDistribution(depth, floatDistribution('d', 2, 10))]).toEqual([false, false]);
    expect([sameDistribution(kind, categoricalDistribution('k', ['b', 'a'])), sameDistribution(kind, categoricalDistribution('k', ['a', 'b', 'c']))]).toEqual([false, false]);
    expect([sameDistribution(kind, depth), sameDistribution(depth, kind)]).toEqual([false, false]);
    // Choices equal in one place only are still different; a float grid of step 1 is not an int range.
    expect(sameDistribution(kind, categoricalDistribution('k', ['a', 'c']))).toBe(false);
    expect(sameDistribution(depth, floatDistribution('d', 2, 10, { step: 1 }))).toBe(false);
  });

  it('calls ranges of one kind and scale compatible whatever their bounds, and choices only when equal', () => {
    expect(compatibleDistributions(lr, floatDistribution('lr', 0.0001, 1, { log: true }))).toBe(true);
    expect(compatibleDistributions(depth, stepped)).toBe(true);
    expect([compatibleDistributions(lr, rate), compatibleDistributions(rate, depth), compatibleDistributions(depth, kind)]).toEqual([false, false, false]);
    expect([compatibleDistributions(kind, categoricalDistribution('k', ['a', 'b'])), compatibleDistributions(kind, categoricalDistribution('k', ['a']))]).toEqual([true, false]);
  });

  it('describes each kind in one line', () => {
    expect([lr, rate, stepped, floatDistribution('x', 0, 1, { step: 0.25 }), kind, categoricalDistribution('flag', [true, null, 3])].map(describeDistribution)).toEqual([
      'float(0.001, 0.1, log)',
      'float(0.001, 0.1)',
      'int(2, 10, step=2)',
      'float(0, 1, step=0.25)',
      'categorical(["a","b"])',
      'categorical([true,null,3])',
    ]);
  });
});

describe('grids', () => {
  it('keeps the decimals of a step written with an exponent', () => {
    // 3e-7 has 7 decimals and 1.5e-7 has 8: the grid points carry no float noise beyond them.
    expect(floatDistribution('x', 0, 0.000001, { step: 3e-7 }).high).toBe(9e-7);
    expect(fromModel(floatDistribution('x', 0, 0.000001, { step: 1.5e-7 }), 4.4e-7)).toBe(4.5e-7);
  });

  it('keeps every decimal of a step, with or without an exponent', () => {
    // 1.25e-7 has 9 decimals and 0.25 has 2: a grid point rounded to fewer would move.
    expect(fromModel(floatDistribution('x', 0, 0.000001, { step: 1.25e-7 }), 1.3e-7)).toBe(1.25e-7);
    expect(fromModel(floatDistribution('x', 0, 1, { step: 0.25 }), 0.7)).toBe(0.75);
  });

  it('maps a model point to the nearest int of a stepped grid', () => {
    // (6.9 - 2) / 2 = 2.45: two steps from 2.
    expect(fromModel(stepped, 6.9)).toBe(6);
  });

  it('counts a float range without a step as continuous, and an int as a grid of its step', () => {
    expect([gridStep(rate), gridStep(floatDistribution('x', 0, 1, { step: 0.25 })), gridStep(depth), gridStep(stepped)]).toEqual([0, 0.25, 1, 2]);
  });

  it('refuses an int step that is not an integer', () => {
    expect(() => intDistribution('depth', 2, 10, { step: 1.5 })).toThrow('parameter "depth": int step must be an integer, got 1.5');
  });

  it('accepts values of a float range anywhere inside it, and int values on the grid counted from low', () => {
    expect([0.001, 0.05, 0.1].map((v) => isValidValue(rate, v))).toEqual([true, true, true]);
    expect([0.0009, 0.11, '0.05'].map((v) => isValidValue(rate, v))).toEqual([false, false, false]);
    expect([2, 4, 10, 3, 9].map((v) => isValidValue(stepped, v))).toEqual([true, true, true, false, false]);
    expect(isValidValue(intDistribution('n', 3, 9, { step: 3 }), 6)).toBe(true);
    // On the grid 1, 4, 7: 4 is, 5 is not.
    expect([4, 5].map((v) => isValidValue(intDistribution('n', 1, 7, { step: 3 }), v))).toEqual([true, false]);
    // 0.5 - (-1e16) rounds to the integer 1e16, so only the integer check refuses a half here.
    expect([0.5, 2].map((v) => isValidValue(intDistribution('n', -1e16, 1e16), v))).toEqual([false, true]);
  });

  it('takes booleans and null as choices, and one choice as a single value', () => {
    expect(categoricalDistribution('flag', [true, false, null]).choices).toEqual([true, false, null]);
    expect([isSingle(categoricalDistribution('one', [true])), isSingle(kind), isSingle(intDistribution('n', 4, 4))]).toEqual([true, false, true]);
  });
});
