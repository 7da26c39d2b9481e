import { Mfi } from './mfi.indicator';
import { Obv } from './obv.indicator';
import { SessionVwap } from './session-vwap.indicator';
import { mfiSeries, obvSeries, sessionVwapSeries } from '../batch/series';
import { eurusdH1 } from '../testing/eurusd-h1.fixture';
import { refMfi, refObv, refSessionVwap } from '../testing/naive-reference';
import { firstFinite, mismatches } from '../testing/series-assertions';

describe('volume indicators on hand-computed bars', () => {
  it('OBV starts at the first bar volume and adds or subtracts on up and down closes', () => {
    const obv = new Obv();
    const closes = [1, 2, 2, 1.5, 3];
    const volumes = [10, 20, 30, 40, 50];
    expect(closes.map((c, i) => obv.update(c, volumes[i]))).toEqual([10, 30, 30, -10, 40]);
  });

  it('MFI(2) splits money flow by the direction of the typical price', () => {
    // Typical prices 10, 11, 10.5, 12 with volumes 100 each: flows +1100, -1050, +1200.
    // Bar 2: 100 * 1100 / 2150; bar 3: 100 * 1200 / 2250.
    const mfi = new Mfi(2);
    const tps = [10, 11, 10.5, 12];
    const out = tps.map((tp) => mfi.update(tp, tp, tp, 100));
    expect(out.slice(0, 2)).toEqual([NaN, NaN]);
    expect(out[2]).toBeCloseTo(110000 / 2150, 12);
    expect(out[3]).toBeCloseTo(120000 / 2250, 12);
  });

  it('session VWAP restarts at the session boundary', () => {
    const hour = 3_600_000;
    const vwap = new SessionVwap(22);
    const day = Date.UTC(2022, 0, 3);
    expect(vwap.update(day + 20 * hour, 3, 3, 3, 10)).toBe(3);
    expect(vwap.update(day + 21 * hour, 6, 6, 6, 20)).toBe(5);
    expect(vwap.update(day + 22 * hour, 9, 9, 9, 5)).toBe(9);
    expect(vwap.update(day + 23 * hour, 9, 3, 6, 0)).toBe(9);
    expect(() => new SessionVwap(24)).toThrow('vwap: sessionStartHour must be an integer 0..23, got 24');
  });
});

describe('volume indicators on EURUSD H1 (tick volume) match the naive references', () => {
  const bars = eurusdH1();

  it('OBV has lookback 0', () => {
    const out = obvSeries(bars);
    expect(firstFinite(out)).toBe(0);
    expect(mismatches(out, refObv(bars))).toEqual([]);
  });

  it.each([14, 3])('MFI(%i) has lookback n', (n) => {
    const out = mfiSeries(bars, n);
    expect(firstFinite(out)).toBe(n);
    expect(mismatches(out, refMfi(bars, n), 100)).toEqual([]);
  });

  it.each([0, 22])('session VWAP with sessions starting %i:00 UTC', (hour) => {
    const out = sessionVwapSeries(bars, hour);
    expect(firstFinite(out)).toBe(0);
    expect(mismatches(out, refSessionVwap(bars, hour))).toEqual([]);
  });
});
