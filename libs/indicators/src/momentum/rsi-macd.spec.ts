import { Macd } from './macd.indicator';
import { Rsi } from './rsi.indicator';
import { macdSeries, rsiSeries } from '../batch/series';
import { eurusdH1 } from '../testing/eurusd-h1.fixture';
import { refMacd, refRsi } from '../testing/naive-reference';
import { firstFinite, mismatches } from '../testing/series-assertions';

describe('RSI (Wilder, seeded as TA-Lib)', () => {
  it('matches a hand computation: seed means of the first n changes, then Wilder smoothing', () => {
    // Changes +1, -0.5, +1 | +0.5 | -1. Seed: gain 2/3, loss 1/6 -> 80.
    // Then gain (2/3*2 + 0.5)/3 = 11/18, loss (1/6*2)/3 = 2/18 -> 1100/13;
    // then gain 22/54, loss (2/18*2 + 1)/3 = 22/54 -> 50.
    const rsi = new Rsi(3);
    const out = [10, 11, 10.5, 11.5, 12, 11].map((x) => rsi.update(x));
    expect(out.slice(0, 3)).toEqual([NaN, NaN, NaN]);
    expect(out[3]).toBeCloseTo(80, 12);
    expect(out[4]).toBeCloseTo(1100 / 13, 12);
    expect(out[5]).toBeCloseTo(50, 12);
  });

  it('is 0 on a flat series, as TA-Lib returns when there is neither gain nor loss', () => {
    const rsi = new Rsi(2);
    expect([1, 1, 1, 1].map((x) => rsi.update(x))).toEqual([NaN, NaN, 0, 0]);
  });

  it.each([2, 14, 21])('RSI(%i) on EURUSD H1 has lookback n and matches the naive reference', (n) => {
    const close = eurusdH1().close;
    const out = rsiSeries(close, n);
    expect(firstFinite(out)).toBe(n);
    expect(mismatches(out, refRsi(close, n), 100)).toEqual([]);
  });
});

describe('MACD (TA-Lib alignment)', () => {
  it('seeds the fast EMA from the values ending where the slow seed ends', () => {
    // MACD(2,3,2) on 1,2,4,8: slow seed mean(1,2,4) = 7/3; fast seed mean(2,4) = 3 (not mean(1,2));
    // line 2/3 at bar 2; bar 3: slow 31/6, fast 19/3, line 7/6; signal seed (2/3+7/6)/2 = 11/12.
    const macd = new Macd(2, 3, 2);
    [1, 2, 4].forEach((x) => expect(macd.update(x)).toBeNaN());
    macd.update(8);
    expect(macd.line).toBeCloseTo(7 / 6, 14);
    expect(macd.value).toBeCloseTo(7 / 6, 14);
    expect(macd.signal).toBeCloseTo(11 / 12, 14);
    expect(macd.histogram).toBeCloseTo(0.25, 14);
    expect(macd.lookback).toBe(3);
  });

  it('rejects a fast period longer than the slow one', () => {
    expect(() => new Macd(26, 12, 9)).toThrow('macd: fastPeriod (26) must not exceed slowPeriod (12)');
  });

  it.each([
    [12, 26, 9],
    [5, 35, 5],
  ])('MACD(%i,%i,%i) on EURUSD H1: all outputs start at (slow-1)+(signal-1) and match the reference', (fast, slow, signal) => {
    const close = eurusdH1().close;
    const out = macdSeries(close, fast, slow, signal);
    const ref = refMacd(close, fast, slow, signal);
    const lookback = slow - 1 + signal - 1;
    expect(firstFinite(out.line)).toBe(lookback);
    expect(firstFinite(out.signal)).toBe(lookback);
    expect(firstFinite(out.histogram)).toBe(lookback);
    // Line and histogram are price differences around zero: tolerance relative to 1e-2 (100 pips).
    expect(mismatches(out.line, ref.line, 1e-2)).toEqual([]);
    expect(mismatches(out.signal, ref.signal, 1e-2)).toEqual([]);
    expect(mismatches(out.histogram, ref.hist, 1e-2)).toEqual([]);
  });
});
