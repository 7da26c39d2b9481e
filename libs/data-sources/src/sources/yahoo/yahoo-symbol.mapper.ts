// Our symbols and timeframes in Yahoo's chart vocabulary. Yahoo lacks 4-hour
// bars and is unreliable for 30m, so those are fetched finer and aggregated.
import { instrumentFor, type Timeframe } from '@trading/domain';

export function yahooSymbol(symbol: string): string {
  return `${instrumentFor(symbol).symbol}=X`;
}

export interface YahooInterval {
  readonly interval: string;
  /** The timeframe the interval delivers; aggregated to the requested one when coarser is wanted. */
  readonly delivers: Timeframe;
}

const INTERVALS: Readonly<Record<Timeframe, YahooInterval>> = {
  M1: { interval: '1m', delivers: 'M1' },
  M5: { interval: '5m', delivers: 'M5' },
  M15: { interval: '15m', delivers: 'M15' },
  M30: { interval: '15m', delivers: 'M15' },
  H1: { interval: '60m', delivers: 'H1' },
  H4: { interval: '60m', delivers: 'H1' },
  D1: { interval: '1d', delivers: 'D1' },
};

export function yahooInterval(timeframe: Timeframe): YahooInterval {
  return INTERVALS[timeframe];
}
