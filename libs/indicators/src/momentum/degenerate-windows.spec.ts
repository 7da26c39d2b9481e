// Flat windows and zero divisors: where TA-Lib returns 0 (or keeps the last
// value) instead of dividing by zero, and the ties it counts as no move.
import { Adx } from './adx.indicator';
import { Cci } from './cci.indicator';
import { Momentum, RateOfChange } from './rate-of-change.indicator';
import { StochasticRsi } from './stoch-rsi.indicator';
import { Stochastic, stochasticK } from './stochastic.indicator';
import { WilliamsR } from './williams-r.indicator';

const flat: [number, number, number][] = Array.from({ length: 6 }, () => [5, 5, 5]);
/** -0 as 0: a mean of no DX divides the accumulator's starting -0, which prints and compares as 0. */
const unsigned = (xs: number[]): number[] => xs.map((x) => x + 0);

describe('oscillators on a flat window are 0, as in TA-Lib', () => {
  it('stochastic %K and %D', () => {
    const stoch = new Stochastic(2, 2, 2);
    const out = flat.map(([h, l, c]) => stoch.update(h, l, c));
    expect(out).toEqual([NaN, NaN, NaN, 0, 0, 0]);
    expect(stoch.d).toBe(0);
    expect(stochasticK(5, 5, 5)).toBe(0);
  });

  it('Williams %R', () => {
    const willr = new WilliamsR(2);
    expect(flat.map(([h, l, c]) => willr.update(h, l, c))).toEqual([NaN, 0, 0, 0, 0, 0]);
  });

  it('CCI, and CCI of a typical price that sits on its mean', () => {
    const cci = new Cci(3);
    expect(flat.map(([h, l, c]) => cci.update(h, l, c))).toEqual([NaN, NaN, 0, 0, 0, 0]);
    // Typical prices 9, 11, 10: mean 10, deviation 2/3, distance 0.
    const centred = new Cci(3);
    expect([9, 11, 10].map((x) => centred.update(x, x, x))).toEqual([NaN, NaN, 0]);
  });

  it('stochastic RSI of a constant series (RSI 0 throughout)', () => {
    const stochRsi = new StochasticRsi(2, 2, 2);
    const out = [3, 3, 3, 3, 3, 3, 3].map((x) => stochRsi.update(x));
    expect(out).toEqual([NaN, NaN, NaN, NaN, 0, 0, 0]);
    expect(stochRsi.d).toBe(0);
    expect(stochRsi.value).toBe(0);
  });

  it('ROC against an old value of 0 is 0; momentum is the plain difference', () => {
    const roc = new RateOfChange(1);
    expect([0, 5, 10].map((x) => roc.update(x))).toEqual([NaN, 0, 100]);
    const mom = new Momentum(1);
    expect([0, 5, 4].map((x) => mom.update(x))).toEqual([NaN, 5, -1]);
    expect([roc.value, mom.value]).toEqual([100, -1]);
  });
});

describe('ADX on degenerate bars', () => {
  it('a flat series has DI 0, DX 0 and ADX 0, and ADX stays 0 while DX cannot be formed', () => {
    // Smoothed range 0: TA-Lib sets both DI to 0 and skips the DX; the first skipped DX reads 0.
    const adx = new Adx(2);
    expect(unsigned(flat.map(([h, l, c]) => adx.update(h, l, c)))).toEqual([NaN, NaN, NaN, 0, 0, 0]);
    expect(unsigned([adx.plusDI, adx.minusDI, adx.dx, adx.adx, adx.value])).toEqual([0, 0, 0, 0, 0]);
  });

  it('an ADX keeps its value through a flat stretch', () => {
    // Period 1: every smoothed sum is the bar's own move. Bar 1 rises 1 (+DI 100, DX 100, ADX 100);
    // bars 2.. repeat bar 1: no move, TR 0, no DX: ADX stays 100 and DX keeps its last value.
    const adx = new Adx(1);
    const bars: [number, number, number][] = [
      [1, 0, 0.5],
      [2, 1, 1.5],
      [1.5, 1.5, 1.5],
      [1.5, 1.5, 1.5],
    ];
    expect(bars.map(([h, l, c]) => adx.update(h, l, c))).toEqual([NaN, 100, 100, 100]);
    expect([adx.plusDI, adx.minusDI, adx.dx]).toEqual([0, 0, 100]);
  });

  it('an outside bar whose high and low move by the same amount has no directional move', () => {
    // Bar 1: up 1, down 1: neither +DM nor -DM (TR 3). Bar 2: +DM 0.5, TR 3.
    // S+ = 0 - 0 + 0.5, S- = 0, STR = 3 - 1.5 + 3 = 4.5: +DI = 100 * 0.5 / 4.5, -DI 0, DX 100.
    const adx = new Adx(2);
    const bars: [number, number, number][] = [
      [10, 9, 9.5],
      [11, 8, 9.5],
      [11.5, 8.5, 10],
    ];
    bars.forEach(([h, l, c]) => adx.update(h, l, c));
    expect(adx.plusDI).toBeCloseTo(100 / 9, 12);
    expect(adx.minusDI).toBe(0);
    expect(adx.dx).toBe(100);
  });

  it('a DI sum below 1e-8, which TA-Lib takes for zero, forms no DX', () => {
    // +DM 1e-12 over a range of 1: +DI 1e-10. TA-Lib skips the DX (it would be 100), so the
    // first ADX is the mean of no DX, 0.
    const adx = new Adx(1);
    adx.update(1, 0, 0.5);
    expect(adx.update(1 + 1e-12, 0, 0.5) + 0).toBe(0);
    expect(adx.plusDI).toBeCloseTo(1e-10, 13);
    expect(adx.dx).toBe(0);
  });
});
