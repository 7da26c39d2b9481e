// Our timeframes in Alpha Vantage's FX vocabulary. It has no 4-hour bars, so
// H4 is fetched as 60min and aggregated.
import type { Timeframe } from '@trading/domain';

export interface AlphaVantageQuery {
  readonly function: 'FX_INTRADAY' | 'FX_DAILY';
  readonly interval?: string;
  /** The key of the series object in the response. */
  readonly seriesKey: string;
  readonly delivers: Timeframe;
}

const INTRADAY: Partial<Record<Timeframe, string>> = { M1: '1min', M5: '5min', M15: '15min', M30: '30min', H1: '60min', H4: '60min' };

export function alphaVantageQuery(timeframe: Timeframe): AlphaVantageQuery {
  if (timeframe === 'D1') return { function: 'FX_DAILY', seriesKey: 'Time Series FX (Daily)', delivers: 'D1' };
  const interval = INTRADAY[timeframe] as string;
  return { function: 'FX_INTRADAY', interval, seriesKey: `Time Series FX (${interval})`, delivers: timeframe === 'H4' ? 'H1' : timeframe };
}
