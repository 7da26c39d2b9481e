import { Dema } from './dema.indicator';
import { Ema } from './ema.indicator';
import { Sma } from './sma.indicator';
import { Tema } from './tema.indicator';
import { Wma } from './wma.indicator';

describe('moving average settings', () => {
  it('have the lookbacks of TA-Lib: n-1, and 2(n-1) and 3(n-1) for the double and triple EMA', () => {
    expect([new Sma(5), new Ema(5), new Wma(5), new Dema(5), new Tema(5)].map((m) => m.lookback)).toEqual([4, 4, 4, 8, 12]);
  });

  it.each([
    ['sma', () => new Sma(0)],
    ['ema', () => new Ema(0)],
    ['wma', () => new Wma(0)],
    ['dema', () => new Dema(0)],
    ['tema', () => new Tema(0)],
  ])('%s names itself when its period is refused', (name, make) => {
    expect(make).toThrow(`${name}: period must be an integer >= 1, got 0`);
  });
});

describe('running sums', () => {
  // 1e17 + 1 rounds to 1e17: once 1e17 leaves the window, a running sum that was never
  // recomputed would hold 0 for the ones after it. The sums are recomputed from the window
  // once per turn, so from the second turn after it every mean of ones is exactly 1.
  const xs = [1e17, 1, 1, 1, 1, 1, 1, 1];
  const after = (indicator: { update(x: number): number }, period: number): number[] => xs.map((x) => indicator.update(x)).slice(2 * period);

  it.each([2, 3])('recover from the rounding a huge value leaves behind, period %d', (period) => {
    expect(after(new Sma(period), period)).toEqual(Array(xs.length - 2 * period).fill(1));
    expect(after(new Wma(period), period)).toEqual(Array(xs.length - 2 * period).fill(1));
  });
});
