// Latest quotes on the real Redis: the key, the JSON value and Redis's own
// expiry (read with PTTL, never by waiting for it).
import { ManualClock, type Quote } from '@trading/domain';
import { describeWithServers, testServerUrl } from '@trading/test-support';
import { Redis } from 'ioredis';
import { createLatestQuotes } from './latest-quotes.factory';
import { quoteTtlMs } from './latest-quotes.port';
import { RedisLatestQuotes } from './redis.latest-quotes';

const prefix = `test:market-data:${process.pid}:${Date.now().toString(36)}:`;
const quote: Quote = { symbol: 'EURUSD', time: Date.UTC(2015, 2, 9, 15), bid: 1.08578, ask: 1.08588 };

describeWithServers(['redis'], 'latest quotes on Redis', () => {
  let redis: Redis;
  let quotes: RedisLatestQuotes;

  beforeAll(() => {
    redis = new Redis(testServerUrl('redis'), { maxRetriesPerRequest: 1 });
    quotes = new RedisLatestQuotes(redis, prefix);
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('keeps the quote as JSON under the prefix, expiring after three bars of its timeframe by Redis TTL', async () => {
    await quotes.put(quote, quoteTtlMs('H1'));
    const key = `${prefix}quote:EURUSD`;
    expect(JSON.parse((await redis.get(key)) as string)).toEqual(quote);
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(3 * 3_600_000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(3 * 3_600_000);
    expect(await quotes.get('EURUSD')).toEqual(quote);
  });

  it('replaces the quote and its TTL with the next one', async () => {
    const next = { ...quote, time: quote.time + 300_000, bid: 1.0858, ask: 1.0859 };
    await quotes.put(next, quoteTtlMs('M5', 90_000));
    const ttl = await redis.pttl(`${prefix}quote:EURUSD`);
    expect(ttl).toBeGreaterThan(30_000);
    expect(ttl).toBeLessThanOrEqual(90_000);
    expect(await quotes.get('EURUSD')).toEqual(next);
  });

  it('reads a symbol without a live key as no quote', async () => {
    expect(await quotes.get('GBPUSD')).toBeUndefined();
  });

  it('refuses to pass off a value that is not a quote, naming the key', async () => {
    await redis.set(`${prefix}quote:USDCHF`, JSON.stringify({ symbol: 'USDCHF', time: 1, bid: 0.9, ask: 0.8 }), 'PX', 60_000);
    await expect(quotes.get('USDCHF')).rejects.toThrow(`${prefix}quote:USDCHF.ask: must not be below bid`);
    await redis.set(`${prefix}quote:USDCAD`, 'not json', 'PX', 60_000);
    await expect(quotes.get('USDCAD')).rejects.toThrow(`${prefix}quote:USDCAD in Redis holds no JSON quote`);
  });

  it('is what the factory builds when the service has a Redis client, under trading:{service}:', () => {
    const built = createLatestQuotes(redis, new ManualClock(0), 'market-data');
    expect(built).toBeInstanceOf(RedisLatestQuotes);
    expect((built as RedisLatestQuotes).key('EURUSD')).toBe('trading:market-data:quote:EURUSD');
  });
});
