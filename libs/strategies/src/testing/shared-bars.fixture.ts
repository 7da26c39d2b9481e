// The real EURUSD files from ../shared/data as columns, for specs of core
// libraries (which may not depend on the importer in @trading/data-sources, an
// adapter). A deliberately small reader of the two layouts shipped there,
// timestamps taken as UTC; rows that repeat or step back in time are dropped,
// as the importer's default policy does, so the M5 file gives 49,802 bars.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type BarColumns, type Timeframe, emptyBarColumns } from '@trading/domain';

const DATA_DIR = resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'data');

export const SHARED_BAR_FILES = {
  eurusdH1: { file: 'EURUSD_H1_2015-03_2022-07.csv', timeframe: 'H1' },
  eurusdM5: { file: 'EURUSD_M5_2021-06_2022-02.csv', timeframe: 'M5' },
  eurusdM1: { file: 'EURUSD_M1_2022-01_2022-02.csv', timeframe: 'M1' },
} as const satisfies Record<string, { file: string; timeframe: Timeframe }>;

const cache = new Map<string, BarColumns>();

export function sharedBars(name: keyof typeof SHARED_BAR_FILES): BarColumns {
  const cached = cache.get(name);
  if (cached) return cached;
  const { file, timeframe } = SHARED_BAR_FILES[name];
  const lines = readFileSync(resolve(DATA_DIR, file), 'utf8').split(/\r?\n/).slice(1).filter((line) => line.length > 0);
  const rows: number[][] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const line of lines) {
    const row = line.includes('\t') ? quotedTabRow(line) : mt5CommaRow(line);
    if (row[0] <= last) continue;
    last = row[0];
    rows.push(row);
  }
  const bars = emptyBarColumns('EURUSD', timeframe, rows.length);
  rows.forEach(([time, open, high, low, close, volume, spread], i) => {
    bars.time[i] = time;
    bars.open[i] = open;
    bars.high[i] = high;
    bars.low[i] = low;
    bars.close[i] = close;
    bars.volume[i] = volume;
    bars.spread[i] = spread;
  });
  cache.set(name, bars);
  return bars;
}

/** `"2021-06-24 16:05:00<TAB>open<TAB>high<TAB>low<TAB>close<TAB>volume"` */
function quotedTabRow(line: string): number[] {
  const [stamp, open, high, low, close, volume] = line.replace(/"/g, '').split('\t');
  const [date, clock] = stamp.split(' ');
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = clock.split(':').map(Number);
  return [Date.UTC(y, mo - 1, d, h, mi), Number(open), Number(high), Number(low), Number(close), Number(volume), 0];
}

/** `2015.03.09,14:00:00,open,high,low,close,tickvol,vol,spread` */
function mt5CommaRow(line: string): number[] {
  const [date, clock, open, high, low, close, tickVolume, , spread] = line.split(',');
  const [y, mo, d] = date.split('.').map(Number);
  const [h, mi] = clock.split(':').map(Number);
  return [Date.UTC(y, mo - 1, d, h, mi), Number(open), Number(high), Number(low), Number(close), Number(tickVolume), Number(spread)];
}
