// `trading serve order-execution` as a container runs it: configured by the
// environment, probed over HTTP, answering on RabbitMQ (with lockstep receipts
// when LOCKSTEP is on), stopped by SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { type Envelope, MessageFactory, type MessageHandled, parseRoutePattern, topics } from '@trading/contracts';
import { ManualClock, SeededRandom } from '@trading/domain';
import { RabbitMqBus } from '@trading/messaging/rabbitmq';
import { describeWithServers, freePort, testServerUrl } from '@trading/test-support';
import { connect } from 'amqplib';

const root = resolve(__dirname, '..', '..', '..', '..');
const trading = join(root, 'node_modules', '.bin', 'trading');

async function poll<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

describe('trading serve order-execution (configuration)', () => {
  it('stops at boot naming a bad LOCKSTEP, before connecting to anything', () => {
    const result = spawnSync(trading, ['serve', 'order-execution'], { cwd: root, encoding: 'utf8', env: { ...process.env, LOCKSTEP: 'maybe', AMQP_URL: 'amqp://127.0.0.1:1' } });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 2, stderr: 'trading: LOCKSTEP: expected true or false (also 1/0, yes/no, on/off), got "maybe"\n' });
  });
});

describeWithServers(['rabbitmq', 'postgres'], 'trading serve order-execution', () => {
  const queues = ['order-execution.orders', 'order-execution.orders.dlq'];

  afterAll(async () => {
    // The service's queue is durable and bound to every bar: left behind, it would collect other tests' bars.
    const connection = await connect(testServerUrl('rabbitmq'));
    try {
      const channel = await connection.createChannel();
      for (const queue of queues) await channel.deleteQueue(queue);
      await channel.close();
    } finally {
      await connection.close();
    }
  });

  it('is ready on RabbitMQ and Postgres, answers a snapshot request with its lockstep receipt, exports its metrics and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const schema = `serve_exec_e2e_${process.pid}_${Date.now().toString(36)}`;
    const run = `t-serve-exec-${process.pid}-${Date.now().toString(36)}`;
    const bus = await RabbitMqBus.connect({ url: testServerUrl('rabbitmq'), connectionName: run, logger: { warn: () => undefined } });
    const received: Envelope[] = [];
    await bus.consume({ queue: `${run}.watch`, bindings: ['venue.snapshot', 'flow.handled'].map(parseRoutePattern), temporary: true, handler: async ({ envelope }) => void received.push(envelope) });
    const child = spawn(trading, ['serve', 'order-execution'], {
      cwd: root,
      env: {
        ...process.env,
        AMQP_URL: testServerUrl('rabbitmq'),
        DATABASE_URL: testServerUrl('postgres'),
        DATABASE_SCHEMA: schema,
        HTTP_PORT: String(port),
        LOCKSTEP: 'true',
        LOG_LEVEL: 'warn',
      },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', done));
    try {
      const ready = await poll('readiness', async () => {
        const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
        return response.status === 200 ? ((await response.json()) as { checks: { name: string; ok: boolean }[] }) : undefined;
      });
      expect(ready.checks.map((check) => [check.name, check.ok])).toEqual([
        ['started', true],
        ['bus', true],
        ['database', true],
        ['consumer', true],
      ]);
      const start = await poll('the start snapshot', async () => received.find((envelope) => envelope.type === 'venue.snapshot' && (envelope.payload as { requestId: unknown }).requestId === null));
      expect(start.payload).toMatchObject({ venue: 'paper', cash: '10000', orders: [], positions: [] });

      const request = new MessageFactory({ clock: new ManualClock(Date.UTC(2025, 0, 6)), random: new SeededRandom(11), producer: 'risk' }).create('venue.snapshot-request', { requestedBy: 'risk', reason: 'e2e' });
      await bus.publish(topics.venueSnapshotRequest(), request);
      const answer = await poll('the answer', async () => received.find((envelope) => envelope.type === 'venue.snapshot' && (envelope.payload as { requestId: unknown }).requestId === request.id));
      const receipt = await poll('the receipt', async () => received.find((envelope) => envelope.type === 'flow.handled' && (envelope.payload as MessageHandled).messageId === request.id));
      expect(receipt.payload).toEqual({ consumer: 'order-execution.orders', messageId: request.id, produced: [answer.id], held: 0 });

      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain('order_execution_working_orders{service="order-execution"} 0');
      expect(metrics).toContain('process_cpu_seconds_total');
    } finally {
      child.kill('SIGTERM');
      await exited;
      await bus.close();
      spawnSync('psql', [testServerUrl('postgres'), '-qc', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`]);
    }
    const code = await exited;
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
  }, 120_000);
});
