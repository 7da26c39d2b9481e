// The port every market-data source implements: bars of one symbol and
// timeframe over a UTC window. Sources drop rows they cannot trust (nulls,
// a forming bar, rows outside the window) and report how many, never
// inventing values to fill them.
import { isSymbol, isTimeframe, type Bar, type Timeframe } from '@trading/domain';

/** Bars whose start time lies in [from, to), UTC epoch milliseconds. */
export interface BarRequest {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly from: number;
  readonly to: number;
}

export interface FetchOptions {
  /** Aborts the request; the source rejects with a SourceError of kind "aborted". */
  readonly signal?: AbortSignal;
}

export interface SourceResult {
  /** Name of the source that produced the bars. */
  readonly source: string;
  /** Sorted by time, unique, inside the requested window. */
  readonly bars: readonly Bar[];
  /** Rows the source returned but that were dropped, with the reason of each. */
  readonly dropped: readonly DroppedRow[];
}

export interface DroppedRow {
  /** UTC ms of the row when the row had one, else NaN. */
  readonly time: number;
  readonly reason: string;
}

export interface MarketDataSource {
  readonly name: string;
  fetchBars(request: BarRequest, options?: FetchOptions): Promise<SourceResult>;
}

export function describeRequest(request: BarRequest): string {
  return `${request.symbol} ${request.timeframe} ${new Date(request.from).toISOString()}..${new Date(request.to).toISOString()}`;
}

const MAX_DATE_MS = 8.64e15;

/** Throws a RangeError naming the bad field: a caller's mistake, never counted against a source. */
export function assertValidRequest(request: BarRequest): void {
  if (!isSymbol(request.symbol)) throw new RangeError(`bar request symbol must be six capital letters (e.g. EURUSD), got "${String(request.symbol)}"`);
  if (!isTimeframe(request.timeframe)) throw new RangeError(`bar request timeframe "${String(request.timeframe)}" is not one of M1..D1`);
  // Beyond ±8.64e15 ms a time has no date: every message that prints one would throw instead.
  if (!(Math.abs(request.from) <= MAX_DATE_MS) || !(Math.abs(request.to) <= MAX_DATE_MS)) {
    throw new RangeError(`bar request window must be UTC ms within ±${MAX_DATE_MS} (a real date), got from=${request.from} to=${request.to}`);
  }
  if (request.to <= request.from) {
    throw new RangeError(`bar request "to" (${request.to}) must be after "from" (${request.from})`);
  }
}
