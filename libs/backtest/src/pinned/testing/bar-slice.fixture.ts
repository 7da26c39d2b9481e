// Short slices of the vendored bar files, by the start time of their first
// bar: a pinned scenario names its bars the way its hand derivation reads
// them in the file (whose clock the shared reader takes as UTC).
import { emptyBarColumns, type BarColumns } from '@trading/domain';
import { readSharedBars, sharedData } from '@trading/test-support';

export type VendoredFile = 'EURUSD_M5' | `${'EURUSD' | 'GBPUSD' | 'USDCHF' | 'USDCAD' | 'AUDUSD' | 'EURGBP'}_H1_2025`;

/** Path of a vendored file, for a reference that reads it by itself. */
export function vendoredPath(file: VendoredFile): string {
  return file === 'EURUSD_M5' ? sharedData.eurusdM5() : sharedData.fxH1_2025(file.slice(0, 6));
}

/** `count` bars of `file` from the bar that starts at `from` (ISO 8601, UTC). */
export function barSlice(file: VendoredFile, from: string, count: number): BarColumns {
  const symbol = file.slice(0, 6);
  const all = readSharedBars(vendoredPath(file), symbol, file === 'EURUSD_M5' ? 'M5' : 'H1');
  const first = all.time.indexOf(Date.parse(from));
  if (first < 0) throw new RangeError(`${file} has no bar starting at ${from}`);
  if (first + count > all.length) throw new RangeError(`${file} has ${all.length - first} bars from ${from}, not ${count}`);
  const slice = emptyBarColumns(symbol, all.timeframe, count);
  for (const column of ['time', 'open', 'high', 'low', 'close', 'volume', 'spread'] as const) slice[column].set(all[column].subarray(first, first + count));
  return slice;
}
