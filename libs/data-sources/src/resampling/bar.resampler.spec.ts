import { type Bar, type BarColumns, type Timeframe, barAt } from '@trading/domain';
import { importBarFileSync } from '../files/bar-file.reader';
import { sharedData } from '@trading/test-support';
import { BarResampler } from './bar.resampler';
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

describe('streaming resampler', () => {
  it('emits a bar as soon as its last slot arrives, or when a later bucket starts', () => {
    const resampler = new BarResampler('M5');
    const m1 = bars(columns([
      [0, 1.1, 1.102, 1.099, 1.101, 10, 3],
      [3, 1.101, 1.105, 1.1, 1.104, 20, 5],
      [4, 1.104, 1.104, 1.097, 1.098, 5, 2],
      [6, 1.099, 1.099, 1.095, 1.096, 7, 1],
      [12, 1.096, 1.097, 1.096, 1.097, 3, 2],
    ]));
    expect(resampler.push(m1[0])).toEqual([]);
    expect(resampler.push(m1[1])).toEqual([]);
    expect(resampler.push(m1[2])).toEqual([{ symbol: 'EURUSD', timeframe: 'M5', time: T0, open: 1.1, high: 1.105, low: 1.097, close: 1.098, volume: 35, spread: 5 }]);
    expect(resampler.push(m1[3])).toEqual([]);
    expect(resampler.push(m1[4]).map((b) => b.time)).toEqual([T0 + 5 * MIN]);
    expect(resampler.closeUntil(T0 + 14 * MIN)).toBeUndefined();
    expect(resampler.closeUntil(T0 + 15 * MIN)).toMatchObject({ time: T0 + 10 * MIN, close: 1.097 });
    expect(resampler.flush()).toBeUndefined();
  });

  it('emits two bars when one bar closes the previous bucket and fills its own', () => {
    const resampler = new BarResampler('M5');
    const m1 = bars(columns([[0, 1, 1, 1, 1, 1, 1], [9, 2, 2, 2, 2, 1, 1]]));
    resampler.push(m1[0]);
    expect(resampler.push(m1[1]).map((b) => b.time)).toEqual([T0, T0 + 5 * MIN]);
  });

  it('refuses bars out of order, of another symbol, or of a timeframe it cannot divide', () => {
    const resampler = new BarResampler('H1');
    const bar: Bar = { symbol: 'EURUSD', timeframe: 'M5', time: T0, open: 1, high: 1, low: 1, close: 1, volume: 1, spread: 1 };
    resampler.push(bar);
    expect(() => resampler.push(bar)).toThrow('is not after the previous bar');
    expect(() => resampler.push({ ...bar, symbol: 'GBPUSD', time: T0 + MIN })).toThrow('resampler for EURUSD got a GBPUSD bar');
    expect(() => resampler.push({ ...bar, timeframe: 'D1', time: T0 + MIN })).toThrow('cannot resample D1 bars to H1');
  });

  it('streams the real M5 file into the same H1 bars as the batch resampler', () => {
    const m5 = importBarFileSync(sharedData.eurusdM5()).columns;
    const resampler = new BarResampler('H1');
    const streamed: Bar[] = [];
    for (const bar of bars(m5)) streamed.push(...resampler.push(bar));
    const last = resampler.flush();
    if (last) streamed.push(last);
    const batch = bars(resampleBars(m5, 'H1'));
    expect(streamed.length).toBe(batch.length);
    expect(streamed).toEqual(batch);
  });
});
