// The real EURUSD H1 file from ../shared/data as columns, for specs only. A
// deliberately tiny reader (the importer in @trading/data-sources is an
// adapter, which a core library may not depend on): timestamps are taken as
// UTC, the volume is <TICKVOL>, as the data README says.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PriceColumns } from '../batch/series';

export interface FixtureBars extends PriceColumns {
  readonly open: Float64Array;
}

const H1_FILE = resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'data', 'EURUSD_H1_2015-03_2022-07.csv');

let cached: FixtureBars | undefined;

export function eurusdH1(): FixtureBars {
  if (cached) return cached;
  const lines = readFileSync(H1_FILE, 'utf8').split(/\r?\n/).slice(1).filter((line) => line.length > 0);
  const n = lines.length;
  const bars = {
    length: n,
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  lines.forEach((line, i) => {
    const [date, time, open, high, low, close, tickVolume] = line.split(',');
    const [y, mo, d] = date.split('.').map(Number);
    const [h, mi] = time.split(':').map(Number);
    bars.time[i] = Date.UTC(y, mo - 1, d, h, mi);
    bars.open[i] = Number(open);
    bars.high[i] = Number(high);
    bars.low[i] = Number(low);
    bars.close[i] = Number(close);
    bars.volume[i] = Number(tickVolume);
  });
  cached = bars;
  return bars;
}

/** The first `count` bars, for the slower O(n*w) references. */
export function eurusdH1Head(count: number): FixtureBars {
  const all = eurusdH1();
  return {
    length: count,
    time: all.time.subarray(0, count),
    open: all.open.subarray(0, count),
    high: all.high.subarray(0, count),
    low: all.low.subarray(0, count),
    close: all.close.subarray(0, count),
    volume: all.volume.subarray(0, count),
  };
}
