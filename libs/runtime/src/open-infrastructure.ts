// Chooses and opens the infrastructure a run or a service uses: the real
// RabbitMQ, Postgres and Redis when AMQP_URL, DATABASE_URL and REDIS_URL are
// set, otherwise their embedded stand-ins (in-process bus, PGlite served on a
// local socket, in-memory cache). The code above it is the same either way.
import { connectionFailure, InfrastructureError, isUnreachable } from '@trading/config';
import { type Database, type DatabaseOptions, openDatabase } from '@trading/persistence';
import { Redis } from 'ioredis';
import type { Infrastructure, InfrastructureSettings } from './infrastructure.types';
import { openBus } from './open-bus';

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
    const database = await openDatabaseNamingTheSetting(settings.database);
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
        throw InfrastructureError.cannotConnect('REDIS_URL', settings.redisUrl, socketError ?? error);
      }
      client.off('error', keepError);
      // Later connection errors go to the service log (ioredis reconnects by itself), not to the console.
      client.on('error', (error: unknown) => settings.logger.warn('Redis connection error', { error: connectionFailure(error) }));
      opened.push(async () => {
        await client.quit();
      });
      redis = client;
    }

    const { bus, mode: busMode, close: closeBus } = await openBus(settings);
    opened.push(closeBus);

    return {
      bus,
      database,
      redis,
      modes: {
        bus: busMode,
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

/**
 * Opens the database, naming the setting to fix when it fails: DATABASE_URL for
 * a Postgres that cannot be reached or refuses, EMBEDDED_DATABASE_DIR for an
 * embedded database kept in a folder.
 */
export async function openDatabaseNamingTheSetting(options: DatabaseOptions): Promise<Database> {
  try {
    return await openDatabase(options);
  } catch (error) {
    if (options.kind === 'postgres') {
      throw isUnreachable(error) ? InfrastructureError.cannotConnect('DATABASE_URL', options.url, error) : InfrastructureError.refused('DATABASE_URL', options.url, 'open the database', error);
    }
    if (options.dataDir !== undefined && !options.dataDir.startsWith('memory://')) {
      throw new InfrastructureError('EMBEDDED_DATABASE_DIR', `cannot open the embedded database in ${options.dataDir} (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
    throw error;
  }
}
