// The service's latest-quote store: on Redis when the infrastructure has a
// client (REDIS_URL), in memory otherwise, under the same key prefix as the
// bar cache so several deployments can share one Redis.
import type { Clock } from '@trading/domain';
import type { Redis } from 'ioredis';
import { InMemoryLatestQuotes } from './in-memory.latest-quotes';
import type { LatestQuotes } from './latest-quotes.port';
import { RedisLatestQuotes } from './redis.latest-quotes';

export function createLatestQuotes(redis: Redis | undefined, clock: Clock, service: string): LatestQuotes {
  return redis ? new RedisLatestQuotes(redis, `trading:${service}:`) : new InMemoryLatestQuotes(clock);
}
