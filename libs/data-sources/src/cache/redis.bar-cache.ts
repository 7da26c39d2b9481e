// The bar cache on Redis (distributed mode): bar windows as compact binary
// values, quotes as JSON, each with a PX expiry, every key under a
// configurable prefix. The ioredis client is injected; its owner closes it.
import type { Bar, Clock, Quote } from '@trading/domain';
import type { Redis } from 'ioredis';
import type { BarRequest } from '../sources/market-data-source.port';
import { DEFAULT_BAR_CACHE_TTL, type BarCacheTtl } from './bar-cache.port';
import { decodeBars, encodeBars } from './bar.codec';
import { CacheAsideBarCache } from './cache-aside.bar-cache';

export interface RedisBarCacheOptions {
  /** Prepended to every key, e.g. "trading:md:". */
  readonly keyPrefix?: string;
  readonly ttl?: BarCacheTtl;
}

export class RedisBarCache extends CacheAsideBarCache {
  readonly keyPrefix: string;

  constructor(
    private readonly redis: Redis,
    clock: Clock,
    options: RedisBarCacheOptions = {},
  ) {
    super(options.ttl ?? DEFAULT_BAR_CACHE_TTL, clock);
    this.keyPrefix = options.keyPrefix ?? 'trading:md:';
  }

  protected async readBars(key: string, request: BarRequest): Promise<readonly Bar[] | undefined> {
    const bytes = await this.redis.getBuffer(this.keyPrefix + key);
    if (bytes === null) return undefined;
    const bars = decodeBars(bytes, request);
    // Bytes this version cannot read (an older layout) are dropped and reloaded.
    if (!bars) await this.redis.del(this.keyPrefix + key);
    return bars;
  }

  protected async writeBars(key: string, bars: readonly Bar[], ttlMs: number): Promise<void> {
    await this.redis.set(this.keyPrefix + key, encodeBars(bars), 'PX', ttlMs);
  }

  protected async readQuote(key: string): Promise<Quote | undefined> {
    const text = await this.redis.get(this.keyPrefix + key);
    return text === null ? undefined : (JSON.parse(text) as Quote);
  }

  protected async writeQuote(key: string, quote: Quote, ttlMs: number): Promise<void> {
    const { symbol, time, bid, ask } = quote;
    await this.redis.set(this.keyPrefix + key, JSON.stringify({ symbol, time, bid, ask }), 'PX', ttlMs);
  }

  protected async remove(key: string): Promise<void> {
    await this.redis.del(this.keyPrefix + key);
  }

  /** SCAN, not KEYS: a large cache must not block Redis for every other client. */
  protected async removeByPrefix(prefix: string): Promise<void> {
    const pattern = `${escapeGlob(this.keyPrefix + prefix)}*`;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length > 0) await this.redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
}

/** Redis MATCH patterns treat *, ?, [ and backslash as special; key prefixes are literal. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (character) => `\\${character}`);
}
