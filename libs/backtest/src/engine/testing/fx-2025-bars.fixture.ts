// The six 2025 H1 pairs vendored in data/ as bar columns, for the
// multi-symbol backtest specs (a core library's specs may not use the
// importer in @trading/data-sources), through the shared reader of
// @trading/test-support: timestamps taken as UTC, repeats and steps back dropped.
import { resolve } from 'node:path';
import type { BarColumns } from '@trading/domain';
import { readSharedBars, sharedData } from '@trading/test-support';

export const FX_2025_PAIRS = ['EURUSD', 'GBPUSD', 'USDCHF', 'USDCAD', 'AUDUSD', 'EURGBP'] as const;

export function fx2025Bars(symbol: string): BarColumns {
  return readSharedBars(sharedData.fxH1_2025(symbol), symbol, 'H1');
}

/** Path of a limits file under examples/risk/. */
export function exampleLimitsPath(name: string): string {
  return resolve(__dirname, '..', '..', '..', '..', '..', 'examples', 'risk', name);
}
