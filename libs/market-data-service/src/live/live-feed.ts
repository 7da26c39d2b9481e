// Where live mode reads a series from: the remote sources' failover chain
// (Yahoo, Alpha Vantage, IG in MARKET_DATA_SOURCES order) or a bar file that
// grows on disk (./growing-file.feed). A feed hands back what its source has
// for a window, unvalidated: the poller validates it with the bars before it
// (./live-batch), so both kinds go through the same validator as a replay.
import type { DroppedRow, MarketDataSource } from '@trading/data-sources';
import type { BarColumns, Bar, Timeframe } from '@trading/domain';
import { emptyBarColumns } from '@trading/domain';
import type { LiveSeries } from '../market-data.config';

export interface LiveCandidates {
  /** Rows whose start time lies in the window asked for, in the source's order. */
  readonly columns: BarColumns;
  /** 1-based line of each row in its file; absent for streamed sources (data-quality findings then carry no row). */
  readonly rows?: Int32Array;
  /** The source that served them: data-quality's `source` (`csv`, `yahoo`, …). */
  readonly source: string;
  /** Rows the source left out with the reason (no readable time, not closed yet, nulls): logged and counted. */
  readonly dropped: readonly DroppedRow[];
}

export interface LiveFeed extends LiveSeries {
  /** How logs name the feed: the file, or the source chain. */
  readonly description: string;
  /**
   * What a series' first poll takes as history: `lookback`, the last
   * MARKET_DATA_LIVE_LOOKBACK bars (a provider is asked for a bounded window);
   * `all`, everything the source has (a file is read whole anyway).
   */
  readonly history: 'lookback' | 'all';
  /** The source's rows of bars starting in [from, to). */
  read(from: number, to: number, signal?: AbortSignal): Promise<LiveCandidates>;
}

/** A series polled through the remote sources' failover chain. */
export function remoteLiveFeed(sources: MarketDataSource, series: LiveSeries): LiveFeed {
  return {
    ...series,
    description: `${series.symbol} ${series.timeframe} from ${sources.name}`,
    history: 'lookback',
    read: async (from, to, signal) => {
      const result = await sources.fetchBars({ symbol: series.symbol, timeframe: series.timeframe, from, to }, { signal });
      return { columns: barsToColumns(series.symbol, series.timeframe, result.bars), source: result.source, dropped: result.dropped };
    },
  };
}

export function barsToColumns(symbol: string, timeframe: Timeframe, bars: readonly Bar[]): BarColumns {
  const columns = emptyBarColumns(symbol, timeframe, bars.length);
  bars.forEach((bar, index) => {
    columns.time[index] = bar.time;
    columns.open[index] = bar.open;
    columns.high[index] = bar.high;
    columns.low[index] = bar.low;
    columns.close[index] = bar.close;
    columns.volume[index] = bar.volume;
    columns.spread[index] = bar.spread;
  });
  return columns;
}
