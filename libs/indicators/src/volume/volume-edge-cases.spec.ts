// Volume indicators at their boundaries: MFI's TA-Lib floor of 1 on the money
// flow total and unchanged typical prices, OBV on unchanged closes, the range
// of session start hours, and a session that opens without volume.
import { Mfi } from './mfi.indicator';
import { Obv } from './obv.indicator';
import { SessionVwap } from './session-vwap.indicator';

const hour = 3_600_000;

describe('MFI', () => {
  it('has lookback n and names its period when refused', () => {
    expect(new Mfi(5).lookback).toBe(5);
    expect(() => new Mfi(0)).toThrow('mfi: period must be an integer >= 1, got 0');
  });

  it('is 0 while the money flow total is below 1 and a ratio from 1 on, as in TA-Lib', () => {
    // MFI(1): typical prices 0.5 -> 1 with volume 1 give a positive flow of exactly 1: 100.
    const atOne = new Mfi(1);
    atOne.update(0.5, 0.5, 0.5, 1);
    expect(atOne.update(1, 1, 1, 1)).toBe(100);
    // 0.5 -> 0.75: a flow of 0.75, below 1: 0.
    const below = new Mfi(1);
    below.update(0.5, 0.5, 0.5, 1);
    expect(below.update(0.75, 0.75, 0.75, 1)).toBe(0);
    expect(below.value).toBe(0);
  });

  it('counts no flow on a bar whose typical price did not change', () => {
    // MFI(2), volume 100: tp 10 -> 11 (+1100) -> 11 (no flow) -> 10 (-1000). Bar 2 sees +1100 and
    // nothing: 100; bar 3 sees nothing and -1000: 0. Counting the flat bar either way moves both.
    const mfi = new Mfi(2);
    const out = [10, 11, 11, 10].map((tp) => mfi.update(tp, tp, tp, 100));
    expect(out).toEqual([NaN, NaN, 100, 0]);
  });
});

describe('MFI running sums', () => {
  it('recover from the rounding a huge flow leaves behind, once per turn of the window', () => {
    // MFI(2): bar 1 carries a flow of 2e17, which swallows bar 2's +3. Once it leaves, the running
    // positive sum reads 0 instead of 3 until the window's turn ends at bar 4 and the sums are
    // added afresh: from there every window holds +3 and -2, 60.
    const mfi = new Mfi(2);
    const bars: [number, number][] = [
      [1, 1],
      [2, 1e17],
      [3, 1],
      [2, 1],
      [3, 1],
      [2, 1],
      [3, 1],
    ];
    const out = bars.map(([tp, volume]) => mfi.update(tp, tp, tp, volume));
    expect(out.slice(4)).toEqual([60, 60, 60]);
  });
});

describe('OBV', () => {
  it('starts NaN, with lookback 0, and leaves the total alone on an unchanged close', () => {
    const obv = new Obv();
    expect([obv.lookback, obv.value]).toEqual([0, NaN]);
    expect([5, 5, 5].map((c, i) => obv.update(c, 10 * (i + 1)))).toEqual([10, 10, 10]);
  });
});

describe('session VWAP', () => {
  it('accepts start hours 0 to 23 and refuses others', () => {
    expect(new SessionVwap().sessionStartHour).toBe(0);
    expect(new SessionVwap(23).lookback).toBe(0);
    expect(() => new SessionVwap(-1)).toThrow('vwap: sessionStartHour must be an integer 0..23, got -1');
    expect(() => new SessionVwap(1.5)).toThrow('vwap: sessionStartHour must be an integer 0..23, got 1.5');
  });

  it('a session starting at 23:00 begins one hour before midnight', () => {
    const vwap = new SessionVwap(23);
    const day = Date.UTC(2022, 0, 3);
    expect(vwap.update(day + 22 * hour, 4, 4, 4, 1)).toBe(4);
    expect(vwap.update(day + 23 * hour, 8, 8, 8, 1)).toBe(8);
    expect(vwap.update(day + 24 * hour, 2, 2, 2, 1)).toBe(5);
  });

  it('is NaN from the start of a session until it has volume', () => {
    const vwap = new SessionVwap(0);
    const day = Date.UTC(2022, 0, 3);
    expect(vwap.update(day + 23 * hour, 4, 4, 4, 2)).toBe(4);
    expect(vwap.update(day + 24 * hour, 6, 6, 6, 0)).toBeNaN();
    expect(vwap.update(day + 25 * hour, 8, 8, 8, 1)).toBe(8);
  });
});
