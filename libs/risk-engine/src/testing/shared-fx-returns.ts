// Real H1 closes of the six 2025 pairs from ../shared/data/fx-h1-2025, aligned
// on the timestamps all six share: the return history tests measure VaR and
// correlation on. Test-only (reads files); the library itself never does.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ReturnHistory } from '../measures/return-history';

export const FX_2025_SYMBOLS = ['AUDUSD', 'EURGBP', 'EURUSD', 'GBPUSD', 'USDCAD', 'USDCHF'] as const;

const DATA_DIR = resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'data', 'fx-h1-2025');

/** Close by MT5 "date time" key, from a tab-separated MT5 export with a header line. */
function readCloses(symbol: string): Map<string, number> {
  const closes = new Map<string, number>();
  const lines = readFileSync(join(DATA_DIR, `${symbol}_H1.csv`), 'utf8').split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    const fields = lines[i].split('\t');
    if (fields.length < 6) continue;
    closes.set(`${fields[0]} ${fields[1]}`, Number(fields[5]));
  }
  return closes;
}

export interface AlignedCloses {
  readonly times: readonly string[];
  readonly closes: Readonly<Record<string, Float64Array>>;
}

/** The last `count` closes present in every symbol's file, oldest first. */
export function alignedCloses(count: number, symbols: readonly string[] = FX_2025_SYMBOLS): AlignedCloses {
  const bySymbol = symbols.map((symbol) => readCloses(symbol));
  const shared = [...bySymbol[0].keys()].filter((key) => bySymbol.every((closes) => closes.has(key)));
  const times = shared.slice(Math.max(0, shared.length - count));
  const closes: Record<string, Float64Array> = {};
  symbols.forEach((symbol, i) => {
    closes[symbol] = Float64Array.from(times, (key) => bySymbol[i].get(key) ?? Number.NaN);
  });
  return { times, closes };
}

/** `observations` aligned returns per symbol, and the latest close of each (for quotes). */
export function fxReturnHistory(observations: number, symbols: readonly string[] = FX_2025_SYMBOLS): { history: ReturnHistory; lastClose: Record<string, number> } {
  const { closes } = alignedCloses(observations + 1, symbols);
  const lastClose = Object.fromEntries(Object.entries(closes).map(([symbol, series]) => [symbol, series[series.length - 1]]));
  return { history: ReturnHistory.fromCloses(closes), lastClose };
}
