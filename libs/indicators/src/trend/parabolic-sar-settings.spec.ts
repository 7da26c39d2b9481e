import { ParabolicSar } from './parabolic-sar.indicator';

describe('Parabolic SAR settings', () => {
  it('defaults to TA-Lib acceleration 0.02 and maximum 0.2, with lookback 1', () => {
    const sar = new ParabolicSar();
    expect([sar.acceleration, sar.maximum, sar.lookback, sar.value, sar.isLong]).toEqual([0.02, 0.2, 1, NaN, false]);
  });

  it('accepts an acceleration of 0 (the SAR then stays where it started)', () => {
    const sar = new ParabolicSar(0, 0.2);
    expect([
      [10, 9],
      [11, 10],
      [12, 11],
      [13, 12],
    ].map(([h, l]) => sar.update(h, l))).toEqual([NaN, 9, 9, 9]);
  });

  it('refuses a negative acceleration and a maximum of 0, naming them', () => {
    expect(() => new ParabolicSar(-0.01)).toThrow('sar: acceleration must be a finite number >= 0, got -0.01');
    expect(() => new ParabolicSar(0.02, 0)).toThrow('sar: maximum must be a finite number > 0, got 0');
  });

  it('caps an acceleration above the maximum at the maximum, as TA-Lib does', () => {
    // Step min(0.5, 0.2) = 0.2: bar 1 long from 9 towards the extreme 11: 9 + 0.2 * 2 = 9.4.
    const sar = new ParabolicSar(0.5, 0.2);
    sar.update(10, 9);
    expect(sar.update(11, 10)).toBe(9);
    expect(sar.update(11, 10)).toBeCloseTo(9.4, 14);
  });
});
