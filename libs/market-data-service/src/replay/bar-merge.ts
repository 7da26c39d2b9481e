// Merges bar columns of several symbols (and timeframes) into one stream in
// the order a live feed would deliver them: by close time, since a bar exists
// only once it has closed. Bars closing together come in the backtest's
// canonical order — by symbol, then the finer timeframe first — whatever
// order the files were given in, so a replay feeds the services exactly what
// the backtest's driver feeds its kernel.
import { type BarColumns, timeframeMs } from '@trading/domain';

export interface MergedCursor {
  /** Index of the series the next bar comes from, or -1 when all are exhausted. */
  readonly series: number;
  /** Row of that bar within its series. */
  readonly row: number;
}

export class BarMerge {
  private readonly positions: Int32Array;
  private readonly durations: Float64Array;

  constructor(private readonly series: readonly BarColumns[]) {
    this.positions = new Int32Array(series.length);
    this.durations = Float64Array.from(series, (columns) => timeframeMs(columns.timeframe));
  }

  /** Total bars over every series. */
  get total(): number {
    return this.series.reduce((sum, columns) => sum + columns.length, 0);
  }

  /** Advances to the next bar in time order; series count is small, so a linear scan beats a heap. */
  next(): MergedCursor {
    let best = -1;
    let bestTime = Infinity;
    for (let i = 0; i < this.series.length; i++) {
      const position = this.positions[i];
      const columns = this.series[i];
      if (position < columns.length) {
        const closeTime = columns.time[position] + this.durations[i];
        if (closeTime < bestTime || (closeTime === bestTime && this.before(i, best))) {
          bestTime = closeTime;
          best = i;
        }
      }
    }
    if (best < 0) return { series: -1, row: -1 };
    const row = this.positions[best];
    this.positions[best] = row + 1;
    return { series: best, row };
  }

  /** Whether series `a` goes before series `b` at one close time: symbol, then the finer timeframe. */
  private before(a: number, b: number): boolean {
    const x = this.series[a].symbol;
    const y = this.series[b].symbol;
    return x < y || (x === y && this.durations[a] < this.durations[b]);
  }
}
