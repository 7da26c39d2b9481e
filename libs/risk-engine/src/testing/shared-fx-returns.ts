// Real H1 closes of the six 2025 pairs vendored in data/ (read by
// the shared reader of @trading/test-support), aligned on the bar times all six
// share: the return history tests measure VaR and correlation on. Test-only
// (reads files); the library itself never does.
import { readSharedBars, sharedData } from '@trading/test-support';
import { ReturnHistory } from '../measures/return-history';

export const FX_2025_SYMBOLS = ['AUDUSD', 'EURGBP', 'EURUSD', 'GBPUSD', 'USDCAD', 'USDCHF'] as const;

/** Close by bar time, oldest first. */
function closesByTime(symbol: string): Map<number, number> {
  const bars = readSharedBars(sharedData.fxH1_2025(symbol), symbol, 'H1');
  const closes = new Map<number, number>();
  for (let i = 0; i < bars.length; i++) closes.set(bars.time[i], bars.close[i]);
  return closes;
}

export interface AlignedCloses {
  /** Bar times (the export's clock read as UTC, ms). */
  readonly times: readonly number[];
  readonly closes: Readonly<Record<string, Float64Array>>;
}

/** The last `count` closes present in every symbol's file, oldest first. */
export function alignedCloses(count: number, symbols: readonly string[] = FX_2025_SYMBOLS): AlignedCloses {
  const bySymbol = symbols.map((symbol) => closesByTime(symbol));
  const shared = [...bySymbol[0].keys()].filter((time) => bySymbol.every((closes) => closes.has(time)));
  const times = shared.slice(Math.max(0, shared.length - count));
  const closes: Record<string, Float64Array> = {};
  symbols.forEach((symbol, i) => {
    closes[symbol] = Float64Array.from(times, (time) => bySymbol[i].get(time) ?? Number.NaN);
  });
  return { times, closes };
}

/** `observations` aligned returns per symbol, and the latest close of each (for quotes). */
export function fxReturnHistory(observations: number, symbols: readonly string[] = FX_2025_SYMBOLS): { history: ReturnHistory; lastClose: Record<string, number> } {
  const { closes } = alignedCloses(observations + 1, symbols);
  const lastClose = Object.fromEntries(Object.entries(closes).map(([symbol, series]) => [symbol, series[series.length - 1]]));
  return { history: ReturnHistory.fromCloses(closes), lastClose };
}
