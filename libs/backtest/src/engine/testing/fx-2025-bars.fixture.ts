// The six 2025 H1 pairs of ../shared/data/fx-h1-2025 as bar columns, for the
// multi-symbol backtest specs (a core library's specs may not use the
// importer in @trading/data-sources), through the shared reader of
// @trading/test-support: timestamps taken as UTC, repeats and steps back dropped.
import { join, resolve } from 'node:path';
import type { BarColumns } from '@trading/domain';
import { readSharedBars } from '@trading/test-support';

export const FX_2025_PAIRS = ['EURUSD', 'GBPUSD', 'USDCHF', 'USDCAD', 'AUDUSD', 'EURGBP'] as const;

const DATA_DIR = resolve(__dirname, '..', '..', '..', '..', '..', '..', 'shared', 'data', 'fx-h1-2025');

export function fx2025Bars(symbol: string): BarColumns {
  return readSharedBars(join(DATA_DIR, `${symbol}_H1.csv`), symbol, 'H1');
}

/** Path of a limits file under examples/risk/. */
export function exampleLimitsPath(name: string): string {
  return resolve(__dirname, '..', '..', '..', '..', '..', 'examples', 'risk', name);
}
