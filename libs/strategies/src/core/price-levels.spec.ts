import { instrumentFor, pointSize } from '@trading/domain';
import { Sma } from '@trading/indicators';
import { replaySignals } from '../bias/signal.replay';
import { smaCrossoverStrategy } from '../sma-crossover/sma-crossover.strategy';
import { sharedBars } from '../testing';
import { compareLevels } from './price-levels';

describe('compareLevels', () => {
  const point = pointSize(instrumentFor('EURUSD'));

  it('finds the 10- and 30-bar SMAs of EURUSD H1 equal at 2016-03-09 22:00, as exact arithmetic in points does', () => {
    const h1 = sharedBars('eurusdH1');
    const fast = new Sma(10);
    const slow = new Sma(30);
    const at = Date.UTC(2016, 2, 9, 22);
    for (let i = 0; h1.time[i] <= at; i++) {
      const f = fast.update(h1.close[i]);
      const s = slow.update(h1.close[i]);
      if (h1.time[i] !== at) continue;
      // The sums in whole points: 30 x sum(last 10) - 10 x sum(last 30) = 0, so the averages are equal.
      let sum10 = 0;
      let sum30 = 0;
      for (let k = 0; k < 30; k++) {
        const points = Math.round(h1.close[i - k] / point);
        sum30 += points;
        if (k < 10) sum10 += points;
      }
      expect(30 * sum10 - 10 * sum30).toBe(0);
      expect(f - s).not.toBe(0);
      expect(compareLevels(f, s, point)).toBe(0);
    }
  });

  it('tells apart the smallest real gap between two averages, and propagates warm-up NaN', () => {
    // The smallest real gap between a 200- and a 500-bar average: 1 point / (200 x 500).
    expect(compareLevels(1.1 + point / 100_000, 1.1, point)).toBe(1);
    expect(compareLevels(1.1 - point / 100_000, 1.1, point)).toBe(-1);
    expect(compareLevels(1.1 + 1e-15, 1.1, point)).toBe(0);
    expect(compareLevels(Number.NaN, 1.1, point)).toBeNaN();
    expect(compareLevels(Number.NaN, 1.1, point) <= 0).toBe(false);
  });

  it('moves the SMA 10/30 crosses of EURUSD H1 off the two exact ties, one bar later, and changes no other signal', () => {
    const h1 = sharedBars('eurusdH1');
    const signals = replaySignals(smaCrossoverStrategy, { fastPeriod: 10, slowPeriod: 30 }, h1).map(({ signal }) => new Date(signal.barTime).toISOString().slice(0, 13));
    // Floating point saw these crosses at 2016-03-09 22:00 and 2021-09-22 16:00, where the averages are equal in points.
    expect(signals).toContain('2016-03-09T23');
    expect(signals).toContain('2021-09-22T17');
    expect(signals).not.toContain('2016-03-09T22');
    expect(signals).not.toContain('2021-09-22T16');
    expect(signals).toHaveLength(1675);
  });
});
