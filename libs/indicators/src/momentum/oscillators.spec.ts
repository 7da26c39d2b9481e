import { Cci } from './cci.indicator';
import { Momentum, RateOfChange } from './rate-of-change.indicator';
import { Stochastic } from './stochastic.indicator';
import { WilliamsR } from './williams-r.indicator';
import { cciSeries, momentumSeries, rocSeries, stochasticSeries, stochRsiSeries, williamsRSeries } from '../batch/series';
import { eurusdH1 } from '../testing/eurusd-h1.fixture';
import { refCci, refMomentum, refRoc, refStochastic, refStochRsi, refWilliamsR } from '../testing/naive-reference';
import { firstFinite, mismatches } from '../testing/series-assertions';

describe('oscillators on hand-computed bars', () => {
  // (h, l, c)
  const bars: [number, number, number][] = [
    [10, 8, 9],
    [11, 9, 10],
    [12, 10, 11],
    [11, 9, 9.5],
    [10, 7, 8],
  ];

  it('slow stochastic (3,2,1): raw %K over 3 bars, %K its 2-bar SMA', () => {
    // Raw %K: bar 2 = 100*(11-8)/(12-8) = 75; bar 3 = 100*(9.5-9)/(12-9) = 50/3; bar 4 = 100*(8-7)/(12-7) = 20.
    const stoch = new Stochastic(3, 2, 1);
    const out = bars.map(([h, l, c]) => stoch.update(h, l, c));
    expect(out.slice(0, 3)).toEqual([NaN, NaN, NaN]);
    expect(out[3]).toBeCloseTo((75 + 50 / 3) / 2, 12);
    expect(out[4]).toBeCloseTo((50 / 3 + 20) / 2, 12);
    expect(stoch.value).toBeCloseTo((50 / 3 + 20) / 2, 12);
    expect(stoch.d).toBe(stoch.k);
  });

  it('Williams %R(3) is -100 * (highest - close) / range', () => {
    const willr = new WilliamsR(3);
    const out = bars.map(([h, l, c]) => willr.update(h, l, c));
    expect(out[2]).toBeCloseTo(-25, 12);
    expect(out[3]).toBeCloseTo((-100 * 2.5) / 3, 12);
    expect(out[4]).toBeCloseTo(-80, 12);
  });

  it('CCI(3) divides the distance from the mean typical price by 0.015 mean deviations', () => {
    // Typical prices 9, 10, 11 -> mean 10, mean deviation 2/3, CCI = 1 / (0.015 * 2/3) = 100.
    const cci = new Cci(3);
    const out = bars.map(([h, l, c]) => cci.update(h, l, c));
    expect(out[2]).toBeCloseTo(100, 10);
  });

  it('ROC and momentum compare with the value n bars back', () => {
    const roc = new RateOfChange(2);
    const mom = new Momentum(2);
    expect([100, 110, 121].map((x) => roc.update(x))[2]).toBeCloseTo(21, 12);
    expect([100, 110, 121].map((x) => mom.update(x))).toEqual([NaN, NaN, 21]);
  });
});

describe('oscillators on EURUSD H1 match the naive references to 1e-9', () => {
  const bars = eurusdH1();

  it.each([
    [14, 3, 3],
    [5, 3, 3],
    [21, 1, 5],
  ])('Stochastic(%i,%i,%i): %K and %D both start at the TA-Lib lookback', (fastK, slowK, slowD) => {
    const out = stochasticSeries(bars, fastK, slowK, slowD);
    const ref = refStochastic(bars, fastK, slowK, slowD);
    const lookback = fastK - 1 + slowK - 1 + slowD - 1;
    expect(firstFinite(out.k)).toBe(lookback);
    expect(firstFinite(out.d)).toBe(lookback);
    expect(mismatches(out.k, ref.k, 100)).toEqual([]);
    expect(mismatches(out.d, ref.d, 100)).toEqual([]);
  });

  it.each([
    [14, 14, 3],
    [14, 5, 3],
  ])('StochRSI(%i,%i,%i) starts at n + (k-1) + (d-1)', (n, k, d) => {
    const out = stochRsiSeries(bars.close, n, k, d);
    const ref = refStochRsi(bars.close, n, k, d);
    expect(firstFinite(out.k)).toBe(n + k - 1 + d - 1);
    expect(mismatches(out.k, ref.k, 100)).toEqual([]);
    expect(mismatches(out.d, ref.d, 100)).toEqual([]);
  });

  it.each([14, 20])('CCI(%i) has lookback n-1', (n) => {
    const out = cciSeries(bars, n);
    expect(firstFinite(out)).toBe(n - 1);
    expect(mismatches(out, refCci(bars, n), 100)).toEqual([]);
  });

  it.each([1, 10])('ROC(%i) and MOM(%i) have lookback n', (n) => {
    const roc = rocSeries(bars.close, n);
    const mom = momentumSeries(bars.close, n);
    expect(firstFinite(roc)).toBe(n);
    expect(firstFinite(mom)).toBe(n);
    expect(mismatches(roc, refRoc(bars.close, n), 1)).toEqual([]);
    expect(mismatches(mom, refMomentum(bars.close, n), 1e-2)).toEqual([]);
  });

  it.each([14, 50])('Williams %%R(%i) has lookback n-1', (n) => {
    const out = williamsRSeries(bars, n);
    expect(firstFinite(out)).toBe(n - 1);
    expect(mismatches(out, refWilliamsR(bars, n), 100)).toEqual([]);
  });
});
