// Latest quotes on Redis (the distributed mode): one key per symbol under the
// service's prefix, the quote as JSON, expiring by Redis's own PX TTL so every
// replica and reader agrees on when a quote is gone. The ioredis client is
// injected; its owner closes it.
import { assertValid, quoteUpdatedSchema } from '@trading/contracts';
import { quoteCacheKey } from '@trading/data-sources';
import type { Quote } from '@trading/domain';
import type { Redis } from 'ioredis';
import { assertQuoteTtl, type LatestQuotes } from './latest-quotes.port';

export class RedisLatestQuotes implements LatestQuotes {
  constructor(
    private readonly redis: Redis,
    /** Prepended to every key, e.g. "trading:market-data:". */
    readonly keyPrefix: string,
  ) {}

  key(symbol: string): string {
    return this.keyPrefix + quoteCacheKey(symbol);
  }

  async put(quote: Quote, ttlMs: number): Promise<void> {
    assertQuoteTtl(ttlMs);
    const { symbol, time, bid, ask } = quote;
    await this.redis.set(this.key(symbol), JSON.stringify({ symbol, time, bid, ask }), 'PX', ttlMs);
  }

  async get(symbol: string): Promise<Quote | undefined> {
    const text = await this.redis.get(this.key(symbol));
    if (text === null) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new TypeError(`${this.key(symbol)} in Redis holds no JSON quote`);
    }
    // Another writer of the key (an older version, a person) must not reach a client as a quote.
    return assertValid(quoteUpdatedSchema, value, this.key(symbol));
  }
}
