// Which replayed bars are followed by a quote. One instant has one quote per
// symbol, and the finest timeframe speaks for it: a bar is quoted unless a
// finer series of its symbol (or an earlier-listed one of the same timeframe)
// has a bar closing at the same instant. Files of one symbol that cover
// different periods (the vendored EURUSD M5 of 2021 and H1 of 2025) are thus
// each quoted where they alone have data.
import { type BarColumns, timeframeMs } from '@trading/domain';

export class ReplayQuoting {
  /** Per series, the series that speak before it at a shared instant. */
  private readonly finer: number[][];
  private readonly steps: number[];

  constructor(private readonly series: readonly BarColumns[]) {
    this.steps = series.map((columns) => timeframeMs(columns.timeframe));
    this.finer = series.map((columns, i) =>
      series.flatMap((other, j) => (j !== i && other.symbol === columns.symbol && (this.steps[j] < this.steps[i] || (this.steps[j] === this.steps[i] && j < i)) ? [j] : [])),
    );
  }

  /** Whether the bar at `row` of series `index` is followed by its quote. */
  quotes(index: number, row: number): boolean {
    const close = this.series[index].time[row] + this.steps[index];
    for (const j of this.finer[index]) if (hasBarAt(this.series[j], close - this.steps[j])) return false;
    return true;
  }
}

/** Binary search on the validated (strictly increasing) time column. */
function hasBarAt(columns: BarColumns, time: number): boolean {
  let low = 0;
  let high = columns.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (columns.time[mid] < time) low = mid + 1;
    else high = mid;
  }
  return low < columns.length && columns.time[low] === time;
}
