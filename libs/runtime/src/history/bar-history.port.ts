// Where a service reads bar history at its first start: a strategy service to
// rebuild its indicators, risk to fill its market state (returns for VaR and
// correlation, ATR, gaps). The market-data service's HTTP API when it runs
// alone, the replay itself in the embedded run. A warm-up only needs this one
// question answered.
import type { Bar, Timeframe } from '@trading/domain';

export interface BarHistory {
  /** Bars of `symbol` and `timeframe` starting in [from, to) (UTC ms), oldest first. Rejects when it cannot answer. */
  bars(symbol: string, timeframe: Timeframe, from: number, to: number): Promise<readonly Bar[]>;
}
