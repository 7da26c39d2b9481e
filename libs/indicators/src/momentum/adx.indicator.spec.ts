import { Adx } from './adx.indicator';
import { adxSeries } from '../batch/series';
import { eurusdH1 } from '../testing/eurusd-h1.fixture';
import { refAdx } from '../testing/naive-reference';
import { firstFinite, mismatches } from '../testing/series-assertions';

describe('ADX / +DI / -DI (TA-Lib seeding)', () => {
  it('matches a hand computation with period 2', () => {
    // Bars (h, l, c): the first sums hold one move: bar 1 +DM 1, TR 1.5.
    // Bar 2: +DM 0, -DM 1.5, TR 2.5 -> S+ = 1 - 0.5 + 0 = 0.5, S- = 1.5, STR = 1.5 - 0.75 + 2.5 = 3.25;
    // DX = 100 * |0.5 - 1.5| / 2 = 50 (the DI ratio does not depend on TR).
    // Bar 3: +DM 2, TR 3.5 -> S+ = 2.25, S- = 0.75, STR = 5.125; DX = 100 * 1.5 / 3 = 50; ADX = mean(50, 50).
    // Bar 4 (inside bar): no DM, TR 2 -> S+ 1.125, S- 0.375, STR 4.5625; DX 50 -> ADX 50.
    // Bar 5: -DM 3, TR 4.5 -> S+ 0.5625, S- 3.1875, STR 6.78125; DX = 100 * 2.625 / 3.75 = 70 -> ADX (50 + 70) / 2.
    const bars: [number, number, number][] = [
      [10, 9, 9.5],
      [11, 9.5, 10.5],
      [10.5, 8, 9],
      [12.5, 9.5, 12],
      [12, 10, 11],
      [11.5, 7, 8],
    ];
    const adx = new Adx(2);
    const out = bars.map(([h, l, c]) => adx.update(h, l, c));
    expect(out.slice(0, 3)).toEqual([NaN, NaN, NaN]);
    expect(out[3]).toBeCloseTo(50, 12);
    expect(out[4]).toBeCloseTo(50, 12);
    expect(out[5]).toBeCloseTo(60, 12);
    expect(adx.plusDI).toBeCloseTo((100 * 0.5625) / 6.78125, 12);
    expect(adx.minusDI).toBeCloseTo((100 * 3.1875) / 6.78125, 12);
  });

  it.each([7, 14])('ADX(%i) on EURUSD H1: DI from bar n, ADX from bar 2n-1, matching the reference', (n) => {
    const bars = eurusdH1();
    const out = adxSeries(bars, n);
    const ref = refAdx(bars, n);
    expect(firstFinite(out.plusDI)).toBe(n);
    expect(firstFinite(out.minusDI)).toBe(n);
    expect(firstFinite(out.adx)).toBe(2 * n - 1);
    expect(mismatches(out.adx, ref.adx, 100)).toEqual([]);
    expect(mismatches(out.plusDI, ref.plusDI, 100)).toEqual([]);
    expect(mismatches(out.minusDI, ref.minusDI, 100)).toEqual([]);
  });
});
