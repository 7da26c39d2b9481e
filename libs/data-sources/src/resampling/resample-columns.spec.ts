import { type Bar, type BarColumns, type Timeframe, barAt, bucketStart } from '@trading/domain';
import { importBarFileSync } from '../files/bar-file.reader';
import { sharedData } from '@trading/test-support';
import { resampleBars } from './resample-columns';

const MIN = 60_000;
const T0 = Date.UTC(2022, 0, 4, 10, 0);

type Row = [minute: number, open: number, high: number, low: number, close: number, volume: number, spread: number];

function columns(rows: readonly Row[], timeframe: Timeframe = 'M1', start = T0, step = MIN): BarColumns {
  const col = (k: number): Float64Array => Float64Array.from(rows.map((r) => (k === 0 ? start + r[0] * step : r[k])));
  return { symbol: 'EURUSD', timeframe, length: rows.length, time: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5), spread: col(6) };
}

function bars(c: BarColumns): Bar[] {
  return Array.from({ length: c.length }, (_, i) => barAt(c, i));
}

describe('resampling columns', () => {
  it('builds M5 bars from M1: first open, highest high, lowest low, last close, summed volume, widest spread', () => {
    const m1 = columns([
      [0, 1.1, 1.102, 1.099, 1.101, 10, 3],
      [1, 1.101, 1.105, 1.1, 1.104, 20, 5],
      [2, 1.104, 1.104, 1.097, 1.098, 5, 2],
      [4, 1.098, 1.1, 1.098, 1.099, 1, 4],
      // next bucket, 10:05
      [5, 1.099, 1.099, 1.095, 1.096, 7, 1],
      [9, 1.096, 1.097, 1.096, 1.097, 3, 2],
      // 10:15 (10:10 bucket has no bars and is not invented)
      [16, 1.2, 1.21, 1.19, 1.205, 4, 9],
    ]);
    expect(bars(resampleBars(m1, 'M5'))).toEqual([
      { symbol: 'EURUSD', timeframe: 'M5', time: T0, open: 1.1, high: 1.105, low: 1.097, close: 1.099, volume: 36, spread: 5 },
      { symbol: 'EURUSD', timeframe: 'M5', time: T0 + 5 * MIN, open: 1.099, high: 1.099, low: 1.095, close: 1.097, volume: 10, spread: 2 },
      { symbol: 'EURUSD', timeframe: 'M5', time: T0 + 15 * MIN, open: 1.2, high: 1.21, low: 1.19, close: 1.205, volume: 4, spread: 9 },
    ]);
  });

  it('aligns H4 and D1 buckets to UTC midnight, whatever hour the data starts', () => {
    const h1 = columns(
      Array.from({ length: 30 }, (_, i): Row => [i, 1 + i / 100, 1 + i / 100 + 0.001, 1 + i / 100 - 0.001, 1 + i / 100, 1, 1]),
      'H1',
      Date.UTC(2022, 0, 4, 21),
      60 * MIN,
    );
    const h4 = resampleBars(h1, 'H4');
    expect(Array.from(h4.time)).toEqual([20, 24, 28, 32, 36, 40, 44, 48].map((h) => Date.UTC(2022, 0, 4) + h * 60 * MIN));
    // 21:00..23:00 make the partial first H4 bar; 00:00..03:00 the next.
    expect([h4.open[0], h4.close[0], h4.volume[0]]).toEqual([1, 1.02, 3]);
    expect([h4.open[1], h4.close[1], h4.volume[1]]).toEqual([1.03, 1.06, 4]);
    const d1 = resampleBars(h4, 'D1');
    expect(Array.from(d1.time)).toEqual([Date.UTC(2022, 0, 4), Date.UTC(2022, 0, 5), Date.UTC(2022, 0, 6)]);
    expect(Array.from(d1.volume)).toEqual([3, 24, 3]);
  });

  it('refuses bars out of order and targets that are not a multiple of the source', () => {
    expect(() => resampleBars(columns([[0, 1, 1, 1, 1, 1, 1], [0, 1, 1, 1, 1, 1, 1]]), 'M5')).toThrow('strictly increasing time order');
    expect(() => resampleBars(columns([], 'H1'), 'M5')).toThrow('cannot resample H1 bars to M5');
  });

  it('rebuilds the M5 export from the M1 export bar for bar where both cover the same five minutes', () => {
    const m1 = importBarFileSync(sharedData.eurusdM1()).columns;
    const m5 = importBarFileSync(sharedData.eurusdM5()).columns;
    const rebuilt = resampleBars(m1, 'M5');
    const m5Index = new Map(Array.from(m5.time, (t, i) => [t, i]));
    let same = 0;
    const different: number[] = [];
    for (let j = 0; j < rebuilt.length; j++) {
      const i = m5Index.get(rebuilt.time[j]);
      if (i === undefined) throw new Error(`no M5 bar at ${new Date(rebuilt.time[j]).toISOString()}`);
      const equal = ['open', 'high', 'low', 'close', 'volume'].every((k) => rebuilt[k as 'open'][j] === m5[k as 'open'][i]);
      if (equal) same++;
      else different.push(rebuilt.time[j]);
    }
    expect(rebuilt.length).toBe(10_050);
    expect(same).toBe(10_049);
    // The M1 file stops after 15:25, the first minute of the last M5 bucket.
    expect(different).toEqual([Date.UTC(2022, 1, 22, 15, 25)]);
  });

  it('gives the same bars going M1 -> M5 -> M15 -> H1 -> H4 -> D1 step by step as in one jump', () => {
    const m1 = importBarFileSync(sharedData.eurusdM1()).columns;
    let chained = m1;
    for (const tf of ['M5', 'M15', 'H1', 'H4', 'D1'] as const) {
      chained = resampleBars(chained, tf);
      expect(bars(chained)).toEqual(bars(resampleBars(m1, tf)));
    }
    // The file's rows fall on 43 distinct UTC dates, 2022-01-04 to 2022-02-22 (counted from its text).
    expect(chained.length).toBe(43);
    for (let i = 0; i < chained.length; i++) expect(chained.time[i]).toBe(bucketStart(chained.time[i], 'D1'));
  });
});
