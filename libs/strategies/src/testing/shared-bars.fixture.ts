// The real EURUSD files vendored in data/ as columns, for specs of core
// libraries (which may not depend on the importer in @trading/data-sources, an
// adapter), read by the shared reader of @trading/test-support: timestamps taken
// as UTC, rows that repeat or step back in time dropped as the importer's
// default policy does, so the M5 file gives 49,802 bars.
import type { BarColumns, Timeframe } from '@trading/domain';
import { readSharedBars, sharedDataPath } from '@trading/test-support';

export const SHARED_BAR_FILES = {
  eurusdH1: { file: 'EURUSD_H1_2015-03_2022-07.csv', timeframe: 'H1' },
  eurusdM5: { file: 'EURUSD_M5_2021-06_2022-02.csv', timeframe: 'M5' },
  eurusdM1: { file: 'EURUSD_M1_2022-01_2022-02.csv', timeframe: 'M1' },
} as const satisfies Record<string, { file: string; timeframe: Timeframe }>;

export function sharedBars(name: keyof typeof SHARED_BAR_FILES): BarColumns {
  const { file, timeframe } = SHARED_BAR_FILES[name];
  return readSharedBars(sharedDataPath(file), 'EURUSD', timeframe);
}
