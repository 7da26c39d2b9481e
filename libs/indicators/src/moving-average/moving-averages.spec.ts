import { Dema } from './dema.indicator';
import { Ema } from './ema.indicator';
import { Sma } from './sma.indicator';
import { Wma } from './wma.indicator';
import { demaSeries, emaSeries, smaSeries, temaSeries, wmaSeries } from '../batch/series';
import { eurusdH1 } from '../testing/eurusd-h1.fixture';
import { refDema, refEma, refSma, refTema, refWma } from '../testing/naive-reference';
import { firstFinite, mismatches } from '../testing/series-assertions';

const feed = (indicator: { update(x: number): number }, xs: number[]): number[] => xs.map((x) => indicator.update(x));

describe('moving averages on hand-computed series', () => {
  const xs = [2, 4, 6, 8, 4, 2];

  it('SMA(3) is the mean of the last three values', () => {
    expect(feed(new Sma(3), xs)).toEqual([NaN, NaN, 4, 6, 6, 14 / 3]);
  });

  it('EMA(3) starts from the SMA of the first three values, then moves half way (k = 0.5)', () => {
    expect(feed(new Ema(3), xs)).toEqual([NaN, NaN, 4, 6, 5, 3.5]);
  });

  it('WMA(3) weights the newest value 3, the oldest 1', () => {
    const out = feed(new Wma(3), xs);
    expect(out.slice(0, 2)).toEqual([NaN, NaN]);
    [28 / 6, 40 / 6, 34 / 6, 22 / 6].forEach((v, i) => expect(out[i + 2]).toBeCloseTo(v, 14));
  });

  it('DEMA(2) is 2*EMA - EMA(EMA) with the inner EMA seeded from the first two EMA values', () => {
    // EMA(2), k = 2/3: [NaN, 3, 5, 7, 5, 3]; EMA of that seeded at index 2 with (3+5)/2 = 4,
    // then 4 + (7-4)*2/3 = 6, 6 + (5-6)*2/3 = 16/3, 16/3 + (3-16/3)*2/3 = 34/9.
    const out = feed(new Dema(2), xs);
    expect(out.slice(0, 2)).toEqual([NaN, NaN]);
    [2 * 5 - 4, 2 * 7 - 6, 2 * 5 - 16 / 3, 2 * 3 - 34 / 9].forEach((v, i) => expect(out[i + 2]).toBeCloseTo(v, 13));
  });

  it('rejects a period that is not a positive integer, naming it', () => {
    expect(() => new Sma(0)).toThrow('sma: period must be an integer >= 1, got 0');
    expect(() => new Ema(2.5)).toThrow('ema: period must be an integer >= 1, got 2.5');
  });
});

describe('moving averages on EURUSD H1 match the naive references to 1e-9', () => {
  const close = eurusdH1().close;

  it.each([5, 20, 200])('SMA(%i)', (n) => {
    const out = smaSeries(close, n);
    expect(firstFinite(out)).toBe(n - 1);
    expect(mismatches(out, refSma(close, n))).toEqual([]);
  });

  it.each([5, 20, 50])('EMA(%i) equals its explicit weighted-sum form', (n) => {
    const out = emaSeries(close, n);
    expect(firstFinite(out)).toBe(n - 1);
    expect(mismatches(out, refEma(close, n))).toEqual([]);
  });

  it.each([9, 30])('WMA(%i)', (n) => {
    const out = wmaSeries(close, n);
    expect(firstFinite(out)).toBe(n - 1);
    expect(mismatches(out, refWma(close, n))).toEqual([]);
  });

  it.each([10, 21])('DEMA(%i) with lookback 2(n-1)', (n) => {
    const out = demaSeries(close, n);
    expect(firstFinite(out)).toBe(2 * (n - 1));
    expect(mismatches(out, refDema(close, n))).toEqual([]);
  });

  it.each([10, 21])('TEMA(%i) with lookback 3(n-1)', (n) => {
    const out = temaSeries(close, n);
    expect(firstFinite(out)).toBe(3 * (n - 1));
    expect(mismatches(out, refTema(close, n))).toEqual([]);
  });
});
