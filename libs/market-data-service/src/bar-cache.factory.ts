// The service's bar cache: on Redis when the infrastructure has a client
// (distributed), in memory otherwise (embedded). Keys are prefixed with the
// service name so several deployments can share one Redis.
import { InMemoryBarCache, RedisBarCache, type BarCache } from '@trading/data-sources';
import type { Clock } from '@trading/domain';
import type { Logger } from '@trading/observability';
import type { Redis } from 'ioredis';

export function createBarCache(redis: Redis | undefined, clock: Clock, service: string, logger: Logger): BarCache {
  if (!redis) return new InMemoryBarCache(clock);
  const cache = new RedisBarCache(redis, clock, { keyPrefix: `trading:${service}:` });
  // Redis down is a slower service, not a broken one: bars are served from the store meanwhile.
  cache.onError((operation, key, error) =>
    logger.warn('bar cache unavailable, serving without it', { operation, key, error: error instanceof Error ? error.message : String(error) }),
  );
  return cache;
}
