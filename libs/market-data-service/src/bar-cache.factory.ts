// The service's bar cache: on Redis when the infrastructure has a client
// (distributed), in memory otherwise (embedded). Keys are prefixed with the
// service name so several deployments can share one Redis.
import { InMemoryBarCache, RedisBarCache, type BarCache } from '@trading/data-sources';
import type { Clock } from '@trading/domain';
import type { Redis } from 'ioredis';

export function createBarCache(redis: Redis | undefined, clock: Clock, service: string): BarCache {
  return redis ? new RedisBarCache(redis, clock, { keyPrefix: `trading:${service}:` }) : new InMemoryBarCache(clock);
}
