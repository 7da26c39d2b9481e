// The latest bid/ask of each symbol, kept for whoever asks between two bars
// (GET /quotes/{symbol}): on Redis when the service has one, in memory
// otherwise. Each entry lives for a TTL of a few bar lengths, so a feed that
// stopped shows as no quote rather than as an old price that looks current.
import { timeframeMs, type Quote, type Timeframe } from '@trading/domain';

export interface LatestQuotes {
  /** Keeps `quote` as its symbol's latest for `ttlMs`, replacing the one before. */
  put(quote: Quote, ttlMs: number): Promise<void>;
  /** The symbol's latest quote; undefined when none was kept or it has expired. */
  get(symbol: string): Promise<Quote | undefined>;
}

/** Bar lengths a quote lives when MARKET_DATA_QUOTE_TTL does not say. */
export const DEFAULT_QUOTE_TTL_BARS = 3;

/** How long a quote from a `timeframe` bar lives: the configured TTL, else three of its bars. */
export function quoteTtlMs(timeframe: Timeframe, configuredMs?: number): number {
  return configuredMs ?? DEFAULT_QUOTE_TTL_BARS * timeframeMs(timeframe);
}

export function assertQuoteTtl(ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) throw new RangeError(`a quote TTL must be a positive whole number of ms, got ${ttlMs}`);
}
