// The infrastructure a service runs on, opened by its host (the CLI or the
// app's main), so the service does not choose between embedded and real servers.
import type { RoutePattern } from '@trading/contracts';
import type { RandomSource } from '@trading/domain';
import type { MessageBus } from '@trading/messaging';
import type { Logger } from '@trading/observability';
import type { Database, DatabaseOptions } from '@trading/persistence';
import type { Redis } from 'ioredis';

export interface InfrastructureSettings {
  readonly service: string;
  readonly amqpUrl?: string;
  readonly redisUrl?: string;
  readonly database: DatabaseOptions;
  /** Jitter of reconnection delays. */
  readonly random: RandomSource;
  readonly logger: Logger;
  /** Topics this service may publish with no queue bound (market data nobody consumes yet). */
  readonly mayBeUnroutable?: readonly RoutePattern[];
}

export interface InfrastructureModes {
  readonly bus: 'in-process' | 'rabbitmq';
  readonly database: 'embedded' | 'postgres';
  readonly cache: 'memory' | 'redis';
}

export interface Infrastructure {
  readonly bus: MessageBus;
  readonly database: Database;
  /** The Redis client when REDIS_URL is set; services build their caches on it (in memory otherwise). */
  readonly redis?: Redis;
  readonly modes: InfrastructureModes;
  /** Closes the bus (draining in-flight work), then the cache client, then the database. */
  close(): Promise<void>;
}

export type InfrastructureOpener = (settings: InfrastructureSettings) => Promise<Infrastructure>;
