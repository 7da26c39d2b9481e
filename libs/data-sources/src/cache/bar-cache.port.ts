// The bar cache port: cache-aside reads of bar windows and latest quotes.
// Closed historical windows never change, so they live long; a window that
// still contains a forming bar (or reaches into the future) lives briefly.
import { bucketStart, timeframeMs, type Bar, type Quote, type Timeframe } from '@trading/domain';
import type { BarRequest } from '../sources/market-data-source.port';

export interface BarCache {
  /** Cached bars of `key`, or the loader's bars (then cached); concurrent misses of one key share one load. */
  getOrLoad(key: BarRequest, loader: () => Promise<readonly Bar[]>): Promise<readonly Bar[]>;
  get(key: BarRequest): Promise<readonly Bar[] | undefined>;
  set(key: BarRequest, bars: readonly Bar[]): Promise<void>;
  invalidate(key: BarRequest): Promise<void>;
  /** Forgets every cached window of a symbol and timeframe (after new bars of it were stored). */
  invalidateSeries(symbol: string, timeframe: Timeframe): Promise<void>;
  getQuote(symbol: string): Promise<Quote | undefined>;
  setQuote(quote: Quote): Promise<void>;
}

export interface BarCacheTtl {
  /** TTL of a window whose last bar has not closed yet, ms. */
  readonly openRangeTtlMs: number;
  /** TTL of a window whose bars have all closed, ms. */
  readonly closedRangeTtlMs: number;
  /** TTL of a latest quote, ms. */
  readonly quoteTtlMs: number;
}

export const DEFAULT_BAR_CACHE_TTL: BarCacheTtl = Object.freeze({
  openRangeTtlMs: 30_000,
  closedRangeTtlMs: 24 * 3_600_000,
  quoteTtlMs: 5_000,
});

export function assertBarCacheTtl(ttl: BarCacheTtl): void {
  for (const [name, value] of Object.entries(ttl)) {
    if (!Number.isInteger(value) || value <= 0) throw new RangeError(`bar cache ${name} must be a positive integer of ms, got ${String(value)}`);
  }
}

/** True when every bar that can start in [from, to) has ended by `now`. */
export function isClosedRange(key: BarRequest, now: number): boolean {
  return now >= bucketStart(key.to - 1, key.timeframe) + timeframeMs(key.timeframe);
}

export function barTtlMs(ttl: BarCacheTtl, key: BarRequest, now: number): number {
  return isClosedRange(key, now) ? ttl.closedRangeTtlMs : ttl.openRangeTtlMs;
}

export function barCacheKey(key: BarRequest): string {
  return `${barSeriesKeyPrefix(key.symbol, key.timeframe)}${key.from}:${key.to}`;
}

/** The start every window key of one series shares. */
export function barSeriesKeyPrefix(symbol: string, timeframe: Timeframe): string {
  return `bars:${symbol}:${timeframe}:`;
}

export function quoteCacheKey(symbol: string): string {
  return `quote:${symbol}`;
}
