import { describeWithServers, testServerUrl } from '@trading/test-support';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SignalBuilder } from '../testing';
import { rabbitmqDefinitionsJson } from './definitions';
import { RabbitMqBus } from './rabbitmq-bus.adapter';
import { eventually, pattern, topic, uniqueRunName } from './rabbitmq-test.fixtures';
import { SERVICE_QUEUES } from './topology';

const run = promisify(execFile);

describeWithServers(['rabbitmq'], 'RabbitMQ definitions file on a real broker', () => {
  const vhost = uniqueRunName('defs');
  const folder = mkdtempSync(join(tmpdir(), 'rabbitmq-definitions-'));

  afterAll(async () => {
    await run('rabbitmqctl', ['delete_vhost', vhost, '-q']).catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
  });

  it('imports with rabbitmqctl and matches what the adapter declares, queue arguments included', async () => {
    const file = join(folder, 'definitions.json');
    writeFileSync(file, rabbitmqDefinitionsJson({ vhost }));
    // rabbitmqctl reads the file as the broker's own user.
    chmodSync(folder, 0o755);
    chmodSync(file, 0o644);
    await run('rabbitmqctl', ['import_definitions', file, '-q']);
    const { stdout } = await run('rabbitmqctl', ['list_queues', '-p', vhost, 'name', 'type', '-q', '--no-table-headers']);
    const imported = stdout.trim().split('\n').map((line) => line.split('\t')[0]).sort();
    expect(imported).toEqual(SERVICE_QUEUES.flatMap((queue) => [queue.name, `${queue.name}.dlq`]).sort());

    // The adapter re-declaring an imported queue with different arguments would fail with PRECONDITION_FAILED.
    await run('rabbitmqctl', ['set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*', '-q']);
    const url = new URL(testServerUrl('rabbitmq'));
    url.pathname = `/${encodeURIComponent(vhost)}`;
    const bus = await RabbitMqBus.connect({ url: url.toString(), connectionName: vhost, logger: { warn: () => undefined } });
    try {
      const risk = SERVICE_QUEUES.find((queue) => queue.name === 'risk.inbox');
      if (!risk) throw new Error('risk.inbox missing from SERVICE_QUEUES');
      const received: string[] = [];
      await bus.consume({
        queue: risk.name,
        bindings: risk.bindings.map(pattern),
        maxDeliveries: risk.maxDeliveries,
        singleActiveConsumer: risk.singleActiveConsumer,
        handler: async (message) => void received.push(message.envelope.id),
      });
      const envelope = new SignalBuilder('scalping').next();
      await bus.publish(topic('signal.scalping.EURUSD'), envelope);
      await eventually(() => received.length === 1, 5000, 'the delivery');
      expect(received).toEqual([envelope.id]);
    } finally {
      await bus.close();
    }
  });
});
