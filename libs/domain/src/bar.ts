// OHLCV bars. Prices are numbers (the instrument gives pip size and precision);
// time is the bar's UTC start in epoch milliseconds; spread is in points as
// MT5 exports it (0.1 pip on 5-digit pairs), 0 when the source has none.
import type { Timeframe } from './timeframe';

export interface Bar {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly spread: number;
}

/**
 * Bars of one symbol and timeframe as columns: what importers produce and
 * batch computations read, without one object per bar.
 */
export interface BarColumns {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly length: number;
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly spread: Float64Array;
}

export function barAt(columns: BarColumns, index: number): Bar {
  if (index < 0 || index >= columns.length) throw new RangeError(`bar index ${index} outside 0..${columns.length - 1}`);
  return {
    symbol: columns.symbol,
    timeframe: columns.timeframe,
    time: columns.time[index],
    open: columns.open[index],
    high: columns.high[index],
    low: columns.low[index],
    close: columns.close[index],
    volume: columns.volume[index],
    spread: columns.spread[index],
  };
}

export function emptyBarColumns(symbol: string, timeframe: Timeframe, length: number): BarColumns {
  return {
    symbol,
    timeframe,
    length,
    time: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
    spread: new Float64Array(length),
  };
}

/** Latest bid/ask of an instrument. */
export interface Quote {
  readonly symbol: string;
  readonly time: number;
  readonly bid: number;
  readonly ask: number;
}
