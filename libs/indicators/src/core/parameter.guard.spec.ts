import { DOUBLE_ZERO, isTaZero, requireNonNegative, requirePeriod, requirePositive } from './parameter.guard';

describe('parameter guards', () => {
  it('a period is an integer at least the minimum (1 unless given)', () => {
    expect(requirePeriod('sma', 'period', 1)).toBe(1);
    expect(requirePeriod('zscore', 'period', 2, 2)).toBe(2);
    expect(() => requirePeriod('sma', 'period', 0)).toThrow(new RangeError('sma: period must be an integer >= 1, got 0'));
    expect(() => requirePeriod('zscore', 'period', 1, 2)).toThrow(new RangeError('zscore: period must be an integer >= 2, got 1'));
    expect(() => requirePeriod('sma', 'period', 2.5)).toThrow('sma: period must be an integer >= 1, got 2.5');
    expect(() => requirePeriod('sma', 'period', Infinity)).toThrow('sma: period must be an integer >= 1, got Infinity');
  });

  it('a positive factor is finite and above zero', () => {
    expect(requirePositive('bbands', 'deviationsUp', Number.MIN_VALUE)).toBe(Number.MIN_VALUE);
    expect(() => requirePositive('bbands', 'deviationsUp', 0)).toThrow(new RangeError('bbands: deviationsUp must be a finite number > 0, got 0'));
    expect(() => requirePositive('bbands', 'deviationsUp', Infinity)).toThrow('bbands: deviationsUp must be a finite number > 0, got Infinity');
    expect(() => requirePositive('bbands', 'deviationsUp', NaN)).toThrow('bbands: deviationsUp must be a finite number > 0, got NaN');
  });

  it('a non-negative factor is finite and zero or above', () => {
    expect(requireNonNegative('sar', 'acceleration', 0)).toBe(0);
    expect(() => requireNonNegative('sar', 'acceleration', -Number.MIN_VALUE)).toThrow(
      new RangeError('sar: acceleration must be a finite number >= 0, got -5e-324'),
    );
    expect(() => requireNonNegative('sar', 'acceleration', Infinity)).toThrow('sar: acceleration must be a finite number >= 0, got Infinity');
  });

  it('TA-Lib zero is the open interval (-1e-8, 1e-8)', () => {
    expect([0, 9.99e-9, -9.99e-9].map(isTaZero)).toEqual([true, true, true]);
    expect([1e-8, -1e-8, 1.01e-8, -1.01e-8].map(isTaZero)).toEqual([false, false, false, false]);
  });

  it('accumulators start from negative zero, the double V8 never stores as a small integer', () => {
    expect(Object.is(DOUBLE_ZERO, -0)).toBe(true);
  });
});
