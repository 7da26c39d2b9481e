// Chooses and opens the infrastructure a run or a service uses: the real
// RabbitMQ, Postgres and Redis when AMQP_URL, DATABASE_URL and REDIS_URL are
// set, otherwise their embedded stand-ins (in-process bus, PGlite served on a
// local socket, in-memory cache). The code above it is the same either way.
import { InProcessBus, RabbitMqBus, type MessageBus } from '@trading/messaging';
import type { Infrastructure, InfrastructureSettings } from './infrastructure.types';
import { openDatabase } from '@trading/persistence';
import { Redis } from 'ioredis';

export async function openInfrastructure(settings: InfrastructureSettings): Promise<Infrastructure> {
  const opened: Array<() => Promise<void>> = [];
  const closeOpened = async (): Promise<void> => {
    for (const close of opened.reverse()) {
      try {
        await close();
      } catch (error) {
        settings.logger.warn('error while closing infrastructure', { error: String(error) });
      }
    }
  };
  try {
    const database = await openDatabase(settings.database);
    opened.push(() => database.close());

    let redis: Redis | undefined;
    if (settings.redisUrl) {
      const client = new Redis(settings.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2, connectionName: settings.service });
      await client.connect();
      opened.push(async () => {
        await client.quit();
      });
      redis = client;
    }

    let bus: MessageBus;
    if (settings.amqpUrl) {
      bus = await RabbitMqBus.connect({
        url: settings.amqpUrl,
        connectionName: settings.service,
        random: settings.random,
        logger: { warn: (message: string) => settings.logger.warn(message) },
        mayBeUnroutable: settings.mayBeUnroutable,
      });
    } else {
      bus = new InProcessBus({ mayBeUnroutable: settings.mayBeUnroutable });
    }
    opened.push(() => bus.close());

    return {
      bus,
      database,
      redis,
      modes: {
        bus: settings.amqpUrl ? 'rabbitmq' : 'in-process',
        database: database.kind,
        cache: redis ? 'redis' : 'memory',
      },
      close: closeOpened,
    };
  } catch (error) {
    await closeOpened();
    throw error;
  }
}
