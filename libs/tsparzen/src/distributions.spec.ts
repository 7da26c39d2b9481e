import { categoricalDistribution, floatDistribution, fromModel, intDistribution, isSingle, isValidValue, modelBounds, singleValue } from './distributions';

describe('distributions', () => {
  it('rejects a low above high, non-finite bounds, log ranges through zero and log with step', () => {
    expect(() => floatDistribution('x', 2, 1)).toThrow('parameter "x": low (2) must not exceed high (1)');
    expect(() => floatDistribution('x', 0, Infinity)).toThrow('must be finite');
    expect(() => floatDistribution('lr', 0, 1, { log: true })).toThrow('a log range needs low > 0');
    expect(() => floatDistribution('x', 1, 2, { log: true, step: 0.1 })).toThrow('step and log cannot be combined');
    expect(() => floatDistribution('x', 0, 1, { step: 0 })).toThrow('step must be a positive number');
    expect(() => intDistribution('n', 0.5, 3)).toThrow('int bounds must be integers');
    expect(() => intDistribution('n', 1, 100, { log: true, step: 2 })).toThrow('step and log cannot be combined');
  });

  it('moves high down onto the step grid', () => {
    expect(floatDistribution('x', 0, 1, { step: 0.3 }).high).toBe(0.9);
    expect(floatDistribution('x', 0.1, 1.05, { step: 0.1 }).high).toBe(1);
    expect(intDistribution('n', 1, 10, { step: 4 }).high).toBe(9);
  });

  it('maps model-space points back to the nearest grid value inside the range', () => {
    const d = floatDistribution('x', 0.1, 1, { step: 0.1 });
    expect(modelBounds(d)).toEqual({ low: 0.05, high: 1.05 });
    expect(fromModel(d, 0.349)).toBe(0.3);
    expect(fromModel(d, 1.049)).toBe(1);
    const n = intDistribution('n', 1, 1000, { log: true });
    expect(fromModel(n, Math.log(99.6))).toBe(100);
    expect(fromModel(n, Math.log(0.6))).toBe(1);
  });

  it('rejects empty, duplicate and non-scalar categorical choices', () => {
    expect(() => categoricalDistribution('c', [])).toThrow('non-empty');
    expect(() => categoricalDistribution('c', ['a', 'a'])).toThrow('distinct');
    expect(() => categoricalDistribution('c', [{}] as unknown as string[])).toThrow('strings, numbers, booleans or null');
    expect(() => categoricalDistribution('c', [NaN])).toThrow('not a finite number');
  });

  it('checks values against int grids and categorical choices', () => {
    const n = intDistribution('n', 0, 10, { step: 2 });
    expect(isValidValue(n, 4)).toBe(true);
    expect(isValidValue(n, 5)).toBe(false);
    expect(isValidValue(categoricalDistribution('c', ['a', null]), null)).toBe(true);
    expect(isValidValue(categoricalDistribution('c', ['a']), 'b')).toBe(false);
  });

  it('recognises single-valued ranges, including a step wider than the range', () => {
    expect(isSingle(floatDistribution('x', 2, 2))).toBe(true);
    // Optuna's single(): high - low < step. The grid holds 0 only.
    expect(isSingle(floatDistribution('x', 0, 0.25, { step: 0.3 }))).toBe(true);
    expect(isSingle(intDistribution('n', 3, 4, { step: 2 }))).toBe(true);
    expect(isSingle(categoricalDistribution('c', ['only']))).toBe(true);
    expect(isSingle(floatDistribution('x', 0, 0.3, { step: 0.3 }))).toBe(false);
    expect(isSingle(intDistribution('n', 1, 2, { log: true }))).toBe(false);
    expect(singleValue(intDistribution('n', 3, 4, { step: 2 }))).toBe(3);
    expect(singleValue(categoricalDistribution('c', [null]))).toBe(null);
  });

  it('names each bound that is not finite, a step that is not finite, and a fractional int high', () => {
    expect(() => floatDistribution('x', -Infinity, 1)).toThrow('parameter "x": low and high must be finite numbers, got low=-Infinity, high=1');
    expect(() => floatDistribution('x', NaN, 1)).toThrow('parameter "x": low and high must be finite numbers, got low=NaN, high=1');
    expect(() => floatDistribution('x', 0, 1, { step: Infinity })).toThrow('parameter "x": step must be a positive number, got Infinity');
    expect(() => floatDistribution('x', 0, 1, { step: NaN })).toThrow('parameter "x": step must be a positive number, got NaN');
    expect(() => intDistribution('n', 1, 3.5)).toThrow('parameter "n": int bounds must be integers, got low=1, high=3.5');
  });

  it('refuses choices that are not an array, even one that iterates like a list', () => {
    expect(() => categoricalDistribution('c', 'ab' as unknown as string[])).toThrow('parameter "c": choices must be a non-empty array');
  });

  it('rounds grid points to the decimals of low and step, not to 15 digits', () => {
    // 10.3 + 3 * 0.1 is 10.600000000000001 in floating point, and 100.1 + 0.1 is 100.19999999999999;
    // both keep their noise at 15 decimals.
    expect(fromModel(floatDistribution('x', 10.3, 12, { step: 0.1 }), 10.6)).toBe(10.6);
    expect(floatDistribution('x', 100.1, 100.25, { step: 0.1 }).high).toBe(100.2);
    // A step written with an exponent counts the mantissa's decimals only: 1.5e-7 has 8, not 11
    // ("5e-7"); at 11 the sum 1234567.1 + 3 * 1.5e-7 keeps its noise (1234567.1000004502).
    expect(fromModel(floatDistribution('x', 1234567.1, 1234568, { step: 1.5e-7 }), 1234567.10000045)).toBe(1234567.10000045);
  });
});
