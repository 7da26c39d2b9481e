import { Atr } from './atr.indicator';
import { BollingerBands } from './bollinger.indicator';
import { StdDev } from './stddev.indicator';
import { ZScore } from './z-score.indicator';
import { atrSeries, bollingerSeries, donchianSeries, keltnerSeries, stdDevSeries, trueRangeSeries, zScoreSeries } from '../batch/series';
import { eurusdH1 } from '../testing/eurusd-h1.fixture';
import { refAtr, refBollinger, refDonchian, refKeltner, refStdDev, refZScore } from '../testing/naive-reference';
import { firstFinite, mismatches } from '../testing/series-assertions';

describe('volatility indicators on hand-computed data', () => {
  it('Bollinger(3, 2) uses the population standard deviation', () => {
    const bands = new BollingerBands(3, 2);
    [1, 2, 3].forEach((x) => bands.update(x));
    const sd = Math.sqrt(2 / 3);
    expect(bands.middle).toBeCloseTo(2, 14);
    expect(bands.upper).toBeCloseTo(2 + 2 * sd, 14);
    expect(bands.lower).toBeCloseTo(2 - 2 * sd, 14);
    expect(bands.percentB).toBeCloseTo((3 - (2 - 2 * sd)) / (4 * sd), 14);
    expect(bands.bandwidth).toBeCloseTo((4 * sd) / 2, 14);
  });

  it('Bollinger on a flat window has touching bands and %b 0.5', () => {
    const bands = new BollingerBands(3, 2);
    [5, 5, 5].forEach((x) => bands.update(x));
    expect([bands.upper, bands.middle, bands.lower, bands.percentB, bands.bandwidth]).toEqual([5, 5, 5, 0.5, 0]);
  });

  it('stddev and z-score of a flat window are 0', () => {
    const sd = new StdDev(3);
    const z = new ZScore(3);
    [7, 7, 7].forEach((x) => {
      sd.update(x);
      z.update(x);
    });
    expect(sd.value).toBe(0);
    expect(z.value).toBe(0);
  });

  it('ATR(3) seeds with the mean of the first three true ranges, then smooths (ATR*2 + TR)/3', () => {
    // TRs: 1, 1, 1.2 (gap from close 10.8 to high 12), 1, 2 (gap from 11 to 13).
    const bars: [number, number, number][] = [
      [10, 9, 9.5],
      [10.5, 9.5, 10],
      [11, 10, 10.8],
      [12, 11, 11.5],
      [11.6, 10.6, 11],
      [13, 12.5, 12.8],
    ];
    const atr = new Atr(3);
    const out = bars.map(([h, l, c]) => atr.update(h, l, c));
    expect(out.slice(0, 3)).toEqual([NaN, NaN, NaN]);
    expect(out[3]).toBeCloseTo(3.2 / 3, 14);
    expect(out[4]).toBeCloseTo(9.4 / 9, 14);
    expect(out[5]).toBeCloseTo(36.8 / 27, 14);
    expect(atr.normalized).toBeCloseTo(((36.8 / 27) / 12.8) * 100, 12);
  });
});

describe('volatility indicators on EURUSD H1 match the naive references to 1e-9', () => {
  const bars = eurusdH1();

  it.each([
    [20, 2],
    [50, 2.5],
  ])('Bollinger(%i, %d) has lookback n-1', (n, k) => {
    const out = bollingerSeries(bars.close, n, k);
    const ref = refBollinger(bars.close, n, k);
    expect(firstFinite(out.upper)).toBe(n - 1);
    expect(mismatches(out.upper, ref.upper)).toEqual([]);
    expect(mismatches(out.middle, ref.middle)).toEqual([]);
    expect(mismatches(out.lower, ref.lower)).toEqual([]);
  });

  it.each([5, 20, 100])('stddev(%i) stays within 1e-9 of a two-pass computation over 45k bars', (n) => {
    const out = stdDevSeries(bars.close, n);
    expect(firstFinite(out)).toBe(n - 1);
    expect(mismatches(out, refStdDev(bars.close, n))).toEqual([]);
  });

  it('z-score(20) has lookback n-1', () => {
    const out = zScoreSeries(bars.close, 20);
    expect(firstFinite(out)).toBe(19);
    expect(mismatches(out, refZScore(bars.close, 20), 1)).toEqual([]);
  });

  it('true range starts at bar 1', () => {
    expect(firstFinite(trueRangeSeries(bars))).toBe(1);
  });

  it.each([1, 14, 30])('ATR(%i) and NATR(%i) have lookback n', (n) => {
    const out = atrSeries(bars, n);
    const ref = refAtr(bars, n);
    expect(firstFinite(out.atr)).toBe(n);
    expect(firstFinite(out.natr)).toBe(n);
    expect(mismatches(out.atr, ref.atr)).toEqual([]);
    expect(mismatches(out.natr, ref.natr)).toEqual([]);
  });

  it('Donchian(20) has lookback n-1 and bands at the extreme high and low', () => {
    const out = donchianSeries(bars, 20);
    const ref = refDonchian(bars, 20);
    expect(firstFinite(out.middle)).toBe(19);
    expect(mismatches(out.upper, ref.upper)).toEqual([]);
    expect(mismatches(out.lower, ref.lower)).toEqual([]);
  });

  it.each([
    [20, 2, 10],
    [10, 1.5, 20],
  ])('Keltner(%i, %d, ATR %i) has lookback max(n-1, atr n)', (n, multiplier, atrPeriod) => {
    const out = keltnerSeries(bars, n, multiplier, atrPeriod);
    const ref = refKeltner(bars, n, multiplier, atrPeriod);
    expect(firstFinite(out.middle)).toBe(Math.max(n - 1, atrPeriod));
    expect(mismatches(out.upper, ref.upper)).toEqual([]);
    expect(mismatches(out.middle, ref.middle)).toEqual([]);
    expect(mismatches(out.lower, ref.lower)).toEqual([]);
  });
});
