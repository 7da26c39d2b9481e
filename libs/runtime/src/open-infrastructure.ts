// Chooses and opens the infrastructure a run or a service uses: the real
// RabbitMQ, Postgres and Redis when AMQP_URL, DATABASE_URL and REDIS_URL are
// set, otherwise their embedded stand-ins (in-process bus, PGlite served on a
// local socket, in-memory cache). The code above it is the same either way.
import { InProcessBus, type MessageBus } from '@trading/messaging';
import { RabbitMqBus } from '@trading/messaging/rabbitmq';
import type { Infrastructure, InfrastructureSettings } from './infrastructure.types';
import { openDatabase } from '@trading/persistence';
import { Redis } from 'ioredis';

export async function openInfrastructure(settings: InfrastructureSettings): Promise<Infrastructure> {
  const opened: Array<() => Promise<void>> = [];
  let closing: Promise<void> | undefined;
  // Last opened, first closed; once only (a second call would quit Redis twice).
  const closeOpened = (): Promise<void> => {
    closing ??= (async () => {
      for (const close of [...opened].reverse()) {
        try {
          await close();
        } catch (error) {
          settings.logger.warn('error while closing infrastructure', { error: String(error) });
        }
      }
    })();
    return closing;
  };
  try {
    const database = await openDatabase(settings.database);
    opened.push(() => database.close());

    let redis: Redis | undefined;
    if (settings.redisUrl) {
      const client = new Redis(settings.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2, connectionName: settings.service });
      // connect() only says "Connection is closed."; the socket error says why.
      let socketError: unknown;
      const keepError = (error: unknown): void => {
        socketError = error;
      };
      client.on('error', keepError);
      try {
        await client.connect();
      } catch (error) {
        // A failed connect() leaves ioredis reconnecting forever in the background.
        client.disconnect();
        const cause = socketError ?? error;
        const redacted = settings.redisUrl.replace(/\/\/[^@/]*@/, '//');
        throw new Error(`cannot connect to Redis at ${redacted} (REDIS_URL): ${messageOf(cause)}`, { cause });
      }
      client.off('error', keepError);
      // Later connection errors go to the service log (ioredis reconnects by itself), not to the console.
      client.on('error', (error: unknown) => settings.logger.warn('Redis connection error', { error: messageOf(error) }));
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

/** Socket errors may come from another realm (test sandboxes), where `instanceof Error` fails. */
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
