// Real bars for the mock servers and tests: reads the MT5 exports vendored in
// data/ (comma or tab separated, `<DATE> <TIME> <OPEN> ...`, gzipped).
// The exports carry no zone; the caller says which offset the terminal used.
import type { Bar, Timeframe } from '@trading/domain';
import { readDataText, sharedDataPath } from '@trading/test-support';

const cache = new Map<string, readonly Bar[]>();

export interface SharedBarsOptions {
  /** Hours the export's clock is ahead of UTC (0 reads the stamps as UTC). */
  readonly utcOffsetHours?: number;
}

/** The fx-h1-2025 file of `symbol` (EURUSD, GBPUSD, USDCHF, USDCAD, AUDUSD, EURGBP). */
export function sharedH1Bars2025(symbol: string, options: SharedBarsOptions = {}): readonly Bar[] {
  return loadMt5Bars(`fx-h1-2025/${symbol}_H1.csv`, symbol, 'H1', options);
}

/** EURUSD H1 2015-03..2022-07. */
export function sharedEurusdH1Bars(options: SharedBarsOptions = {}): readonly Bar[] {
  return loadMt5Bars('EURUSD_H1_2015-03_2022-07.csv', 'EURUSD', 'H1', options);
}

export function loadMt5Bars(relativePath: string, symbol: string, timeframe: Timeframe, options: SharedBarsOptions = {}): readonly Bar[] {
  const offsetMs = (options.utcOffsetHours ?? 0) * 3_600_000;
  const key = `${relativePath}|${symbol}|${timeframe}|${offsetMs}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const lines = readDataText(sharedDataPath(relativePath)).split(/\r?\n/);
  const bars: Bar[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const f = line.split(/[\t,]/);
    if (f.length < 9) throw new Error(`${relativePath}:${i + 1}: expected 9 fields, got ${f.length}`);
    const [y, mo, d] = f[0].split('.').map(Number);
    const [h, mi, s] = f[1].split(':').map(Number);
    bars.push(
      Object.freeze({
        symbol,
        timeframe,
        time: Date.UTC(y, mo - 1, d, h, mi, s) - offsetMs,
        open: Number(f[2]),
        high: Number(f[3]),
        low: Number(f[4]),
        close: Number(f[5]),
        volume: Number(f[6]),
        spread: Number(f[8]),
      }),
    );
  }
  const frozen = Object.freeze(bars);
  cache.set(key, frozen);
  return frozen;
}

/** Bars with start time in [from, to). */
export function barsBetween(bars: readonly Bar[], from: number, to: number): Bar[] {
  return bars.filter((bar) => bar.time >= from && bar.time < to);
}
