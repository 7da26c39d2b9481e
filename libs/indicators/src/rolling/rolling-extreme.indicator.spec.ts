import { SeededRandom } from '@trading/domain';
import { RollingMax, RollingMin } from './rolling-extreme.indicator';
import { rollingMaxSeries, rollingMinSeries } from '../batch/series';
import { eurusdH1 } from '../testing/eurusd-h1.fixture';
import { refRollingMax, refRollingMin } from '../testing/naive-reference';
import { firstFinite, mismatches } from '../testing/series-assertions';

describe('rolling max / min (monotonic deque)', () => {
  it('forgets an extreme exactly when it leaves the window', () => {
    const max = new RollingMax(3);
    expect([5, 1, 2, 0, 3, 3, 1, 0].map((x) => max.update(x))).toEqual([NaN, NaN, 5, 2, 3, 3, 3, 3]);
    const min = new RollingMin(2);
    expect([4, 2, 3, 3, 5, 1].map((x) => min.update(x))).toEqual([NaN, 2, 2, 3, 3, 1]);
  });

  it('have lookback n-1 and name themselves when the period is refused', () => {
    expect([new RollingMax(4).lookback, new RollingMin(4).lookback]).toEqual([3, 3]);
    expect(() => new RollingMax(0)).toThrow('max: period must be an integer >= 1, got 0');
    expect(() => new RollingMin(0)).toThrow('min: period must be an integer >= 1, got 0');
  });

  it('agrees with a scan on seeded random data full of ties', () => {
    const random = new SeededRandom(11);
    const xs = Float64Array.from({ length: 5000 }, () => Math.floor(random.nextFloat() * 8));
    for (const n of [1, 2, 7, 64]) {
      expect(mismatches(rollingMaxSeries(xs, n), refRollingMax(xs, n), 0, 0)).toEqual([]);
      expect(mismatches(rollingMinSeries(xs, n), refRollingMin(xs, n), 0, 0)).toEqual([]);
    }
  });

  it.each([2, 20, 240])('MAX/MIN(%i) of EURUSD H1 highs and lows have lookback n-1 and are exact', (n) => {
    const bars = eurusdH1();
    const max = rollingMaxSeries(bars.high, n);
    const min = rollingMinSeries(bars.low, n);
    expect(firstFinite(max)).toBe(n - 1);
    expect(firstFinite(min)).toBe(n - 1);
    expect(mismatches(max, refRollingMax(bars.high, n), 0, 0)).toEqual([]);
    expect(mismatches(min, refRollingMin(bars.low, n), 0, 0)).toEqual([]);
  });
});
