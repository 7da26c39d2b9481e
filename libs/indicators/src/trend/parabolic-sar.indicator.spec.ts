import { ParabolicSar } from './parabolic-sar.indicator';
import { parabolicSarSeries } from '../batch/series';
import { eurusdH1 } from '../testing/eurusd-h1.fixture';
import { firstFinite } from '../testing/series-assertions';

describe('Parabolic SAR (TA-Lib start and reversal rules)', () => {
  it('follows a hand-computed long trend, a reversal to short and back', () => {
    // Bar 1 has no -DM, so the trend starts long with SAR = bar 0 low (9), EP = bar 1 high.
    // 9 -> 9 + 0.02*1.5 = 9.03 -> EP 11, AF 0.04: 9.1088 -> bar 4 low 9.2 pierces 9.252272:
    // short at the EP 11.5; next SAR 11.454 is lifted to the previous high 11.5; EP 9, AF 0.04:
    // 11.4 -> bar 6 high 11.6 pierces it: long at the EP 9.
    const bars: [number, number][] = [
      [10, 9],
      [10.5, 9.5],
      [11, 10],
      [11.5, 10.8],
      [10.2, 9.2],
      [10, 9],
      [11.6, 10.5],
    ];
    const sar = new ParabolicSar(0.02, 0.2);
    const out = bars.map(([h, l]) => sar.update(h, l));
    const expected = [NaN, 9, 9.03, 9.1088, 11.5, 11.5, 9];
    expect(out[0]).toBeNaN();
    expected.slice(1).forEach((v, i) => expect(out[i + 1]).toBeCloseTo(v, 12));
    expect(sar.isLong).toBe(true);
  });

  it('starts short when bar 1 shows a -DM', () => {
    const sar = new ParabolicSar();
    sar.update(10, 9);
    expect(sar.update(9.8, 8.5)).toBe(10);
    expect(sar.isLong).toBe(false);
  });

  it('on EURUSD H1 has lookback 1, stays outside the current bar and flips when pierced', () => {
    const bars = eurusdH1();
    const out = parabolicSarSeries(bars);
    expect(firstFinite(out)).toBe(1);
    let flips = 0;
    let outside = 0;
    let differs = 0;
    const sar = new ParabolicSar();
    let wasLong: boolean | undefined;
    for (let i = 0; i < bars.length; i++) {
      const value = sar.update(bars.high[i], bars.low[i]);
      if (i === 0) continue;
      if (value !== out[i]) differs++;
      // Below the bar in a long trend, above it in a short one.
      if (sar.isLong ? value <= bars.low[i] : value >= bars.high[i]) outside++;
      if (wasLong !== undefined && wasLong !== sar.isLong) flips++;
      wasLong = sar.isLong;
    }
    expect(differs).toBe(0);
    expect(outside).toBe(bars.length - 1);
    // Hourly EURUSD reverses its SAR a few times a day: 3,992 times in 45,779 bars.
    expect(flips).toBe(3992);
  });
});
