// Hand-computed bands, channels and ranges beyond the symmetric cases in
// volatility.spec.ts: asymmetric Bollinger factors, a zero middle, gaps in the
// true range, a zero close for NATR.
import { Atr } from './atr.indicator';
import { BollingerBands } from './bollinger.indicator';
import { DonchianChannel } from './donchian.indicator';
import { KeltnerChannel } from './keltner.indicator';
import { StdDev } from './stddev.indicator';
import { TrueRange, trueRange } from './true-range.indicator';
import { ZScore } from './z-score.indicator';

// Population standard deviation of 1, 2, 3 (and of -1, 0, 1).
const sd123 = Math.sqrt(2 / 3);

describe('Bollinger bands', () => {
  it('have no band, %b or bandwidth before the window is full', () => {
    const bands = new BollingerBands(3);
    [1, 2].forEach((x) => bands.update(x));
    expect([bands.upper, bands.middle, bands.lower, bands.percentB, bands.bandwidth]).toEqual([NaN, NaN, NaN, NaN, NaN]);
  });

  it('place the lower band by its own factor', () => {
    const bands = new BollingerBands(3, 2, 1);
    expect([1, 2, 3].map((x) => bands.update(x))).toEqual([NaN, NaN, 2]);
    expect(bands.value).toBe(2);
    expect(bands.upper).toBeCloseTo(2 + 2 * sd123, 14);
    expect(bands.lower).toBeCloseTo(2 - sd123, 14);
    // 3 sits 1 + sd above the lower band, in a width of 3 sd.
    expect(bands.percentB).toBeCloseTo((1 + sd123) / (3 * sd123), 14);
    expect(bands.bandwidth).toBeCloseTo((3 * sd123) / 2, 14);
  });

  it('have no bandwidth around a middle of 0', () => {
    const bands = new BollingerBands(3, 2);
    [-1, 0, 1].forEach((x) => bands.update(x));
    expect(bands.middle).toBe(0);
    expect(bands.bandwidth).toBeNaN();
    expect(bands.percentB).toBeCloseTo((1 + 2 * sd123) / (4 * sd123), 14);
  });
});

describe('standard deviation and z-score', () => {
  it('stddev scales by its factor', () => {
    const sd = new StdDev(3, 2);
    expect([1, 2, 3].map((x) => sd.update(x))).toEqual([NaN, NaN, 2 * sd123]);
  });

  it('z-score is the distance from the mean in standard deviations', () => {
    const z = new ZScore(3);
    const out = [1, 2, 3, 0].map((x) => z.update(x));
    expect(out.slice(0, 2)).toEqual([NaN, NaN]);
    expect(out[2]).toBeCloseTo(1 / sd123, 14);
    // Window 2, 3, 0: mean 5/3, deviations 1/3, 4/3, -5/3: variance 42/27.
    expect(out[3]).toBeCloseTo(-5 / 3 / Math.sqrt(42 / 27), 14);
  });
});

describe('true range and ATR', () => {
  it('true range takes the gap from the previous close when it is larger', () => {
    expect(trueRange(11, 10, 10.5)).toBe(1);
    expect(trueRange(12, 11.5, 10)).toBe(2);
    expect(trueRange(9, 8.5, 10)).toBe(1.5);
    const tr = new TrueRange();
    expect([
      [10, 9, 9.5],
      [12, 11.5, 11.75],
      [11, 10, 10],
    ].map(([h, l, c]) => tr.update(h, l, c))).toEqual([NaN, 2.5, 1.75]);
    expect(tr.value).toBe(1.75);
  });

  it('NATR is 0 at a close of 0, as in TA-Lib', () => {
    const atr = new Atr(1);
    atr.update(1, 0, 0.5);
    expect(atr.update(1, 0, 0)).toBe(1);
    expect(atr.normalized).toBe(0);
  });
});

describe('channels', () => {
  it('Donchian takes the highest high and lowest low of the last n bars', () => {
    const donchian = new DonchianChannel(2);
    const bars: [number, number][] = [
      [3, 1],
      [5, 2],
      [4, 0],
      [2, 1],
    ];
    expect(bars.map(([h, l]) => donchian.update(h, l))).toEqual([NaN, 3, 2.5, 2]);
    expect([donchian.upper, donchian.middle, donchian.lower, donchian.value]).toEqual([4, 2, 0, 2]);
  });

  it('Keltner puts its bands a multiple of the ATR around the EMA of the close', () => {
    // EMA(2): seed (9 + 10) / 2 = 9.5, then 9.5 + (11 - 9.5) * 2/3 = 10.5. ATR(1) = TR = 2, 2.
    const keltner = new KeltnerChannel(2, 1.5, 1);
    const bars: [number, number, number][] = [
      [10, 8, 9],
      [11, 9, 10],
      [12, 10, 11],
    ];
    expect(bars.map(([h, l, c]) => keltner.update(h, l, c))).toEqual([NaN, 9.5, 10.5]);
    expect([keltner.upper, keltner.middle, keltner.lower, keltner.value]).toEqual([13.5, 10.5, 7.5, 10.5]);
  });
});
