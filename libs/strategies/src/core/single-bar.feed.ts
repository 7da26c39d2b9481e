// How a live service feeds a strategy: each arriving bar is written into a
// one-row BarColumns and the strategy sees index 0. Strategies keep their own
// state (indicators), so they give the same signals bar by bar as over a whole
// file — the same objects run in backtests and in services.
import { type Bar, type BarColumns, type Timeframe, emptyBarColumns } from '@trading/domain';

export class SingleBarFeed {
  readonly columns: BarColumns;

  constructor(
    readonly symbol: string,
    readonly timeframe: Timeframe,
  ) {
    this.columns = emptyBarColumns(symbol, timeframe, 1);
  }

  /** Writes `bar` as row 0; throws if it belongs to another series. */
  set(bar: Bar): BarColumns {
    if (bar.symbol !== this.symbol || bar.timeframe !== this.timeframe) {
      throw new RangeError(`feed of ${this.symbol} ${this.timeframe} got a bar of ${bar.symbol} ${bar.timeframe}`);
    }
    const c = this.columns;
    c.time[0] = bar.time;
    c.open[0] = bar.open;
    c.high[0] = bar.high;
    c.low[0] = bar.low;
    c.close[0] = bar.close;
    c.volume[0] = bar.volume;
    c.spread[0] = bar.spread;
    return c;
  }
}
