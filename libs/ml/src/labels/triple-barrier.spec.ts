import { type BarColumns, emptyBarColumns } from '@trading/domain';
import { readSharedBars, sharedData } from '@trading/test-support';
import { DEFAULT_TRIPLE_BARRIER, tripleBarrierLabels } from './triple-barrier';

/** Bars from [high, low, close] rows, one hour apart. */
function series(rows: readonly (readonly [number, number, number])[]): BarColumns {
  const bars = emptyBarColumns('EURUSD', 'H1', rows.length);
  rows.forEach(([high, low, close], i) => {
    bars.time[i] = i * 3_600_000;
    bars.open[i] = close;
    bars.high[i] = high;
    bars.low[i] = low;
    bars.close[i] = close;
  });
  return bars;
}

// ATR(2) of three bars with range 2 is 2, so 1 ATR = 2 price units from bar 2 on.
const flat = [
  [11, 9, 10],
  [11, 9, 10],
  [11, 9, 10],
] as const;
const options = { takeProfit: 1, stopLoss: 1, horizon: 3, atrPeriod: 2 };

describe('triple-barrier labels', () => {
  it('labels LONG when the upper barrier is touched first, with the bar it ended on', () => {
    const labels = tripleBarrierLabels(series([...flat, [11.5, 9.5, 11], [12.1, 10.5, 12]]), options);
    expect(labels.label[2]).toBe(1);
    expect(labels.endIndex[2]).toBe(4);
    expect(labels.endTime[2]).toBe(4 * 3_600_000);
    expect(labels.outcomeNames[labels.outcome[2]]).toBe('upper');
  });

  it('labels SHORT when the lower barrier is touched first', () => {
    const labels = tripleBarrierLabels(series([...flat, [10.5, 7.9, 8.5], [13, 8, 12]]), options);
    expect(labels.label[2]).toBe(-1);
    expect(labels.endIndex[2]).toBe(3);
    expect(labels.outcomeNames[labels.outcome[2]]).toBe('lower');
  });

  it('labels NEUTRAL when one bar touches both barriers: the order inside a bar is unknown', () => {
    const labels = tripleBarrierLabels(series([...flat, [12.5, 7.5, 10]]), options);
    expect(labels.label[2]).toBe(0);
    expect(labels.endIndex[2]).toBe(3);
    expect(labels.outcomeNames[labels.outcome[2]]).toBe('both');
  });

  it('labels NEUTRAL at the time barrier, and leaves labels unknown when the data ends first', () => {
    const quiet = series([...flat, [11, 9, 10], [11, 9, 10], [11, 9, 10], [11, 9, 10]]);
    const labels = tripleBarrierLabels(quiet, options);
    expect(labels.label[2]).toBe(0);
    expect(labels.endIndex[2]).toBe(5);
    expect(labels.outcomeNames[labels.outcome[2]]).toBe('time');
    // Bar 4's time barrier (bar 7) is past the data and nothing was touched.
    expect(labels.endIndex[4]).toBe(-1);
    expect(labels.endTime[4]).toBeNaN();
    expect(labels.outcomeNames[labels.outcome[4]]).toBe('unknown');
    // Before the ATR exists there is no barrier.
    expect(labels.endIndex[0]).toBe(-1);
  });

  it('refuses nonsense barriers, naming each', () => {
    expect(() => tripleBarrierLabels(series(flat), { takeProfit: 0, stopLoss: -1, horizon: 1.5, atrPeriod: 14 })).toThrow(
      'triple barrier: takeProfit must be a positive number, got 0; stopLoss must be a positive number, got -1; horizon must be a whole number of bars >= 1, got 1.5',
    );
  });

  it('on the H1 file, every known label is what a brute-force scan of the bars says', () => {
    const bars = readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1');
    const labels = tripleBarrierLabels(bars);
    const counts = { '-1': 0, '0': 0, '1': 0, unknown: 0 };
    let atr = Number.NaN;
    let seeded = 0;
    let seedSum = 0;
    for (let t = 0; t < bars.length; t++) {
      // ATR(14), Wilder, seeded with the mean of the first 14 true ranges (TA-Lib).
      if (t > 0) {
        const tr = Math.max(bars.high[t] - bars.low[t], Math.abs(bars.high[t] - bars.close[t - 1]), Math.abs(bars.low[t] - bars.close[t - 1]));
        if (seeded < 14) {
          seedSum += tr;
          if (++seeded === 14) atr = seedSum / 14;
        } else atr = (atr * 13 + tr) / 14;
      }
      if (labels.endIndex[t] < 0) {
        counts.unknown++;
        continue;
      }
      counts[String(labels.label[t]) as '-1' | '0' | '1']++;
      const upper = bars.close[t] + 2 * atr;
      const lower = bars.close[t] - 2 * atr;
      let expected = 0;
      let end = t + DEFAULT_TRIPLE_BARRIER.horizon;
      for (let j = t + 1; j <= t + 12; j++) {
        const up = bars.high[j] >= upper;
        const down = bars.low[j] <= lower;
        if (up || down) {
          expected = up && down ? 0 : up ? 1 : -1;
          end = j;
          break;
        }
      }
      expect([t, labels.label[t], labels.endIndex[t]]).toEqual([t, expected, end]);
    }
    // Unknown: the 14 bars before the first ATR and the last 12, whose time barrier is past the data.
    expect(counts).toEqual({ '-1': 15_042, '0': 15_683, '1': 15_028, unknown: 26 });
  });
});
