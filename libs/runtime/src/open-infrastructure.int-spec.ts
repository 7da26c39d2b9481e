// openInfrastructure against the real servers: RabbitMQ, Postgres (a schema of
// its own) and Redis, chosen by their URLs, and closed in order.
import { SeededRandom } from '@trading/domain';
import { RabbitMqBus } from '@trading/messaging/rabbitmq';
import { createLogger } from '@trading/observability';
import { uniqueSchemaName } from '@trading/persistence';
import { describeWithServers, testServerUrl } from '@trading/test-support';
import { Writable } from 'node:stream';
import { openInfrastructure } from './open-infrastructure';

jest.setTimeout(60_000);

describeWithServers(['postgres', 'rabbitmq', 'redis'], 'openInfrastructure on real servers', () => {
  it('connects to RabbitMQ, Postgres and Redis when their URLs are set, and closes all three', async () => {
    const schema = uniqueSchemaName('rt');
    const infrastructure = await openInfrastructure({
      service: 'runtime-int-spec',
      amqpUrl: testServerUrl('rabbitmq'),
      redisUrl: testServerUrl('redis'),
      database: { kind: 'postgres', url: testServerUrl('postgres'), schema },
      random: new SeededRandom(3),
      logger: createLogger({ service: 'runtime-int-spec', stream: new Writable({ write: (_chunk, _encoding, done) => done() }) }),
    });
    // quit() resolves on Redis's OK; the socket closes right after, which ioredis announces with 'end'.
    const redisEnded = new Promise<void>((resolve) => infrastructure.redis?.once('end', () => resolve()));
    try {
      expect(infrastructure.modes).toEqual({ bus: 'rabbitmq', database: 'postgres', cache: 'redis' });
      expect(infrastructure.bus).toBeInstanceOf(RabbitMqBus);
      expect(infrastructure.bus.isReady()).toBe(true);
      expect(await infrastructure.redis?.ping()).toBe('PONG');
      const tables: Array<{ table_name: string }> = await infrastructure.database.dataSource.query(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
        [schema],
      );
      expect(tables.map((table) => table.table_name)).toEqual(['inbox', 'journal', 'outbox', 'typeorm_migrations']);
      await infrastructure.database.dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    } finally {
      await infrastructure.close();
    }
    expect(infrastructure.bus.isReady()).toBe(false);
    await redisEnded;
    expect(infrastructure.redis?.status).toBe('end');
    expect(infrastructure.database.dataSource.isInitialized).toBe(false);
  });
});
