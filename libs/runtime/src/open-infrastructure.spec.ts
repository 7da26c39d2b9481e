import { createServer, type Server } from 'node:net';
import { SeededRandom } from '@trading/domain';
import { InProcessBus } from '@trading/messaging';
import { createLogger } from '@trading/observability';
import { Redis } from 'ioredis';
import { Writable } from 'node:stream';
import { openInfrastructure } from './open-infrastructure';

const quietLogger = () =>
  createLogger({
    service: 'runtime-spec',
    stream: new Writable({
      write: (_chunk, _encoding, done) => done(),
    }),
  });

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

describe('openInfrastructure', () => {
  afterEach(() => jest.restoreAllMocks());

  it('opens the embedded stand-ins when no server URL is set, and closes them once even if close() is called twice', async () => {
    const infrastructure = await openInfrastructure({
      service: 'runtime-spec',
      database: { kind: 'embedded' },
      random: new SeededRandom(1),
      logger: quietLogger(),
    });
    expect(infrastructure.modes).toEqual({ bus: 'in-process', database: 'embedded', cache: 'memory' });
    expect(infrastructure.bus).toBeInstanceOf(InProcessBus);
    expect(await infrastructure.database.dataSource.query('SELECT 41 + 1 AS "answer"')).toEqual([{ answer: 42 }]);
    const databaseClose = jest.spyOn(infrastructure.database, 'close');
    await Promise.all([infrastructure.close(), infrastructure.close()]);
    expect(databaseClose).toHaveBeenCalledTimes(1);
    expect(infrastructure.bus.isReady()).toBe(false);
    expect(infrastructure.database.dataSource.isInitialized).toBe(false);
    // PGlite boots in 10-15 s on a busy 2-core machine.
  }, 120_000);

  it('names REDIS_URL without its password when Redis cannot be reached, and stops the client from reconnecting', async () => {
    const port = await closedPort();
    const disconnect = jest.spyOn(Redis.prototype, 'disconnect');
    await expect(
      openInfrastructure({
        service: 'runtime-spec',
        redisUrl: `redis://user:secret@127.0.0.1:${port}`,
        database: { kind: 'embedded' },
        random: new SeededRandom(1),
        logger: quietLogger(),
      }),
    ).rejects.toHaveProperty('message', `REDIS_URL: cannot connect to 127.0.0.1:${port} (connection refused)`);
    expect(disconnect).toHaveBeenCalled();
  }, 120_000);

  it('names DATABASE_URL and the host and port it tried when Postgres cannot be reached', async () => {
    const port = await closedPort();
    await expect(
      openInfrastructure({
        service: 'runtime-spec',
        database: { kind: 'postgres', url: `postgres://trader:secret@127.0.0.1:${port}/trading` },
        random: new SeededRandom(1),
        logger: quietLogger(),
      }),
    ).rejects.toHaveProperty('message', `DATABASE_URL: cannot connect to 127.0.0.1:${port} (connection refused)`);
  });

  it('names AMQP_URL when RabbitMQ cannot be reached, after closing the database it had opened', async () => {
    const port = await closedPort();
    const opened = openInfrastructure({
      service: 'runtime-spec',
      amqpUrl: `amqp://guest:guest@127.0.0.1:${port}`,
      database: { kind: 'embedded' },
      random: new SeededRandom(1),
      logger: quietLogger(),
    });
    await expect(opened).rejects.toHaveProperty('message', `AMQP_URL: cannot connect to 127.0.0.1:${port} (connection refused)`);
  }, 120_000);
});
