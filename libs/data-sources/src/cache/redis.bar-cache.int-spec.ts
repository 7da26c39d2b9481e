import { ManualClock } from '@trading/domain';
import { describeWithServers, testServerUrl } from '@trading/test-support';
import { Redis } from 'ioredis';
import { describeBarCacheContract, BAR_CACHE_CONTRACT_TTL } from '../testing/bar-cache.contract-suite';
import { barsBetween, sharedH1Bars2025 } from '../testing/shared-bars.fixture';
import { RedisBarCache } from './redis.bar-cache';

const runPrefix = `test:data-sources:${process.pid}:${Date.now().toString(36)}:`;
let fixtureCount = 0;

async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

/**
 * What `ms` of Redis's clock would do to the keys under `prefix`: those with
 * at most `ms` to live go, the others keep `ms` less. Keys with no expiry keep
 * none, so a write without PX stays and the suite sees it.
 */
async function elapseTtls(redis: Redis, prefix: string, ms: number): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      const left = await redis.pttl(key);
      if (left < 0) continue;
      if (left <= ms) await redis.del(key);
      else await redis.pexpire(key, left - ms);
    }
  } while (cursor !== '0');
}

describeWithServers(['redis'], 'RedisBarCache on the real Redis', () => {
  describeBarCacheContract('RedisBarCache', async (clock) => {
    const redis = new Redis(testServerUrl('redis'), { maxRetriesPerRequest: 1 });
    const prefix = `${runPrefix}${++fixtureCount}:`;
    return {
      cache: new RedisBarCache(redis, clock, { keyPrefix: prefix, ttl: BAR_CACHE_CONTRACT_TTL }),
      elapse: async (ms) => {
        clock.advance(ms);
        await elapseTtls(redis, prefix, ms);
      },
      teardown: async () => {
        await deleteKeys(redis, prefix);
        await redis.quit();
      },
    };
  });

  it('stores bars compactly under its prefix with a PX expiry, and reads back unreadable bytes as a miss', async () => {
    const redis = new Redis(testServerUrl('redis'), { maxRetriesPerRequest: 1 });
    const prefix = `${runPrefix}layout:`;
    try {
      const cache = new RedisBarCache(redis, new ManualClock(Date.UTC(2025, 7, 1)), { keyPrefix: prefix });
      const request = { symbol: 'EURUSD', timeframe: 'H1', from: Date.UTC(2025, 6, 1), to: Date.UTC(2025, 6, 8) } as const;
      const bars = barsBetween(sharedH1Bars2025('EURUSD'), request.from, request.to);
      await cache.set(request, bars);
      const key = `${prefix}bars:EURUSD:H1:${request.from}:${request.to}`;
      expect(await redis.strlen(key)).toBe(8 + bars.length * 56);
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(23 * 3_600_000);
      expect(ttl).toBeLessThanOrEqual(24 * 3_600_000);
      expect(await cache.get(request)).toEqual(bars);
      await redis.set(key, 'not a bar window');
      expect(await cache.get(request)).toBeUndefined();
      expect(await redis.exists(key)).toBe(0);
    } finally {
      await deleteKeys(redis, prefix);
      await redis.quit();
    }
  });
});
