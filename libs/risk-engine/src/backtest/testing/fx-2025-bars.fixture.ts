// The six 2025 H1 pairs of ../shared/data/fx-h1-2025 as bar columns, for the
// multi-symbol backtest specs (a core library's specs may not use the
// importer in @trading/data-sources). MT5 tab-separated exports; timestamps
// taken as UTC, rows that repeat or step back in time dropped.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type BarColumns, emptyBarColumns } from '@trading/domain';

export const FX_2025_PAIRS = ['EURUSD', 'GBPUSD', 'USDCHF', 'USDCAD', 'AUDUSD', 'EURGBP'] as const;

const DATA_DIR = resolve(__dirname, '..', '..', '..', '..', '..', '..', 'shared', 'data', 'fx-h1-2025');
const cache = new Map<string, BarColumns>();

/** `2025.06.23<TAB>00:00:00<TAB>open<TAB>high<TAB>low<TAB>close<TAB>tickvol<TAB>vol<TAB>spread` */
export function fx2025Bars(symbol: string): BarColumns {
  const cached = cache.get(symbol);
  if (cached) return cached;
  const lines = readFileSync(join(DATA_DIR, `${symbol}_H1.csv`), 'utf8').split(/\r?\n/).slice(1);
  const rows: number[][] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const line of lines) {
    const fields = line.split('\t');
    if (fields.length < 9) continue;
    const [y, mo, d] = fields[0].split('.').map(Number);
    const [h, mi] = fields[1].split(':').map(Number);
    const time = Date.UTC(y, mo - 1, d, h, mi);
    if (time <= last) continue;
    last = time;
    rows.push([time, ...fields.slice(2, 7).map(Number), Number(fields[8])]);
  }
  const bars = emptyBarColumns(symbol, 'H1', rows.length);
  rows.forEach(([time, open, high, low, close, volume, spread], i) => {
    bars.time[i] = time;
    bars.open[i] = open;
    bars.high[i] = high;
    bars.low[i] = low;
    bars.close[i] = close;
    bars.volume[i] = volume;
    bars.spread[i] = spread;
  });
  cache.set(symbol, bars);
  return bars;
}

/** Path of a limits file under examples/risk/. */
export function exampleLimitsPath(name: string): string {
  return resolve(__dirname, '..', '..', '..', '..', '..', 'examples', 'risk', name);
}
