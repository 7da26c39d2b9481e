// The cache-aside logic both adapters share: TTL choice from the injected
// clock, and one load per key at a time in this process (a burst of requests
// for the same window reaches the sources once). Adapters only store and fetch.
// A cache that fails (Redis down) degrades to no cache in getOrLoad: the read
// counts as a miss and the write is skipped, reported to the error listener,
// so bar history keeps being served from the store.
import type { Bar, Clock, Quote, Timeframe } from '@trading/domain';
import type { BarRequest } from '../sources/market-data-source.port';
import { assertBarCacheTtl, barCacheKey, barSeriesKeyPrefix, barTtlMs, quoteCacheKey, type BarCache, type BarCacheTtl } from './bar-cache.port';

export type CacheErrorListener = (operation: 'read' | 'write', key: string, error: unknown) => void;

export abstract class CacheAsideBarCache implements BarCache {
  private readonly loading = new Map<string, Promise<readonly Bar[]>>();
  private errorListener: CacheErrorListener | undefined;

  protected constructor(
    protected readonly ttl: BarCacheTtl,
    protected readonly clock: Clock,
  ) {
    assertBarCacheTtl(ttl);
  }

  protected abstract readBars(key: string, request: BarRequest): Promise<readonly Bar[] | undefined>;
  protected abstract writeBars(key: string, bars: readonly Bar[], ttlMs: number): Promise<void>;
  protected abstract readQuote(key: string): Promise<Quote | undefined>;
  protected abstract writeQuote(key: string, quote: Quote, ttlMs: number): Promise<void>;
  protected abstract remove(key: string): Promise<void>;
  protected abstract removeByPrefix(prefix: string): Promise<void>;

  /** Where getOrLoad reports the cache failures it survives (a log line, a metric). */
  onError(listener: CacheErrorListener): void {
    this.errorListener = listener;
  }

  async getOrLoad(request: BarRequest, loader: () => Promise<readonly Bar[]>): Promise<readonly Bar[]> {
    const key = barCacheKey(request);
    let cached: readonly Bar[] | undefined;
    try {
      cached = await this.readBars(key, request);
    } catch (error) {
      this.errorListener?.('read', key, error);
    }
    if (cached) return cached;
    const inFlight = this.loading.get(key);
    if (inFlight) return inFlight;
    const load = (async () => {
      const bars = await loader();
      try {
        await this.writeBars(key, bars, barTtlMs(this.ttl, request, this.clock.now()));
      } catch (error) {
        this.errorListener?.('write', key, error);
      }
      return bars;
    })();
    this.loading.set(key, load);
    try {
      return await load;
    } finally {
      this.loading.delete(key);
    }
  }

  get(request: BarRequest): Promise<readonly Bar[] | undefined> {
    return this.readBars(barCacheKey(request), request);
  }

  set(request: BarRequest, bars: readonly Bar[]): Promise<void> {
    return this.writeBars(barCacheKey(request), bars, barTtlMs(this.ttl, request, this.clock.now()));
  }

  invalidate(request: BarRequest): Promise<void> {
    return this.remove(barCacheKey(request));
  }

  invalidateSeries(symbol: string, timeframe: Timeframe): Promise<void> {
    return this.removeByPrefix(barSeriesKeyPrefix(symbol, timeframe));
  }

  getQuote(symbol: string): Promise<Quote | undefined> {
    return this.readQuote(quoteCacheKey(symbol));
  }

  setQuote(quote: Quote): Promise<void> {
    return this.writeQuote(quoteCacheKey(quote.symbol), quote, this.ttl.quoteTtlMs);
  }
}
