// Where a strategy service reads bar history to rebuild its indicators: the
// market-data service's HTTP API when it runs alone, the replay itself in the
// embedded run. The warm-up only needs this one question answered.
import type { Bar, Timeframe } from '@trading/domain';

export interface BarHistory {
  /** Bars of `symbol` and `timeframe` starting in [from, to) (UTC ms), oldest first. Rejects when it cannot answer. */
  bars(symbol: string, timeframe: Timeframe, from: number, to: number): Promise<readonly Bar[]>;
}
