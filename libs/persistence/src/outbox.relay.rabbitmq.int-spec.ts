// The relay against a real RabbitMQ with publisher confirms: each round's rows
// go out together on the adapter's confirm channel, reach the queue in each
// stream's order, once, and a message the broker returns as unroutable in the
// middle of a batch is recorded while the rest of its stream goes on.
import { parseRoutePattern, parseTopic, type Envelope, type Topic } from '@trading/contracts';
import { ManualClock } from '@trading/domain';
import { deadLetterExchangeName, deadLetterQueueName, RabbitMqBus } from '@trading/messaging/rabbitmq';
import { describeWithServers, testServerUrl } from '@trading/test-support';
import { connect } from 'amqplib';
import type { Database } from './database.factory';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox.relay';
import { envelopeFor, testMessageRegistry, waitFor } from './testing/persistence-contract.suite';
import { openTestDatabase } from './testing/test-database';

jest.setTimeout(60_000);

const bound: Topic[] = ['order.submit.EURUSD', 'order.submit.GBPUSD', 'order.submit.USDCHF'].map(parseTopic);

describeWithServers(['postgres', 'rabbitmq'], 'outbox relay through RabbitMQ with publisher confirms', () => {
  const exchange = `t-outbox-relay-${process.pid}-${process.hrtime.bigint().toString(36)}`;
  const queue = `${exchange}.orders`;
  const received: Array<{ routingKey: string; envelope: Envelope }> = [];
  let database: Database;
  let bus: RabbitMqBus;

  beforeAll(async () => {
    database = await openTestDatabase({ kind: 'postgres', url: testServerUrl('postgres'), poolSize: 4 });
    bus = await RabbitMqBus.connect({ url: testServerUrl('rabbitmq'), exchange, connectionName: exchange, registry: testMessageRegistry, logger: { warn: () => undefined } });
    await bus.consume({
      queue,
      bindings: bound.map((topic) => parseRoutePattern(topic)),
      singleActiveConsumer: true,
      handler: async ({ routingKey, envelope }) => void received.push({ routingKey, envelope }),
    });
  });

  afterAll(async () => {
    await bus?.close();
    const connection = await connect(testServerUrl('rabbitmq'));
    try {
      const channel = await connection.createChannel();
      await channel.deleteQueue(queue);
      await channel.deleteQueue(deadLetterQueueName(queue));
      await channel.deleteExchange(exchange);
      await channel.deleteExchange(deadLetterExchangeName(exchange));
    } finally {
      await connection.close();
    }
    await database?.close();
  });

  it('delivers 3 interleaved streams of 200 messages in order and once, recording the one the broker returns mid-batch', async () => {
    const clock = new ManualClock(Date.UTC(2024, 0, 1));
    const outbox = new Outbox({ clock, schema: database.schema, registry: testMessageRegistry });
    const sent = new Map<string, Envelope[]>(bound.map((topic) => [topic, []]));
    const unroutable = envelopeFor('order.submit', { lost: true });
    await database.dataSource.transaction(async (manager) => {
      for (let index = 0; index < 200; index++) {
        for (const topic of bound) {
          const envelope = envelopeFor('order.submit', { topic, index });
          await outbox.enqueue(manager, topic, envelope);
          sent.get(topic)?.push(envelope);
        }
        // No queue is bound to USDJPY: RabbitMQ returns it (mandatory). Same stream as EURUSD.
        if (index === 100) await outbox.enqueue(manager, parseTopic('order.submit.USDJPY'), unroutable, { streamKey: 'order.submit.EURUSD' });
      }
    });
    const rejected: string[] = [];
    const relay = new OutboxRelay({
      dataSource: database.dataSource,
      bus,
      clock,
      schema: database.schema,
      batchSize: 64,
      onRejected: (_sequence, topic, reason) => rejected.push(`${topic}: ${reason}`),
    });

    expect(await relay.drain()).toBe(601);
    await waitFor(() => received.length >= 600, 20_000);

    expect(relay.publishedCount).toBe(600);
    expect(rejected).toEqual(['order.submit.USDJPY: publish to order.submit.USDJPY rejected: returned as unroutable (312 NO_ROUTE)']);
    for (const topic of bound) {
      expect(received.filter((message) => message.routingKey === topic).map((message) => message.envelope.id)).toEqual(sent.get(topic)?.map((envelope) => envelope.id));
    }
    expect(received).toHaveLength(600);
    expect(await relay.pendingCount()).toBe(0);
    const stored: Array<{ rejected_reason: string }> = await database.dataSource.query(`SELECT rejected_reason FROM "${database.schema}".outbox WHERE id = $1`, [unroutable.id]);
    expect(stored).toEqual([{ rejected_reason: 'publish to order.submit.USDJPY rejected: returned as unroutable (312 NO_ROUTE)' }]);
  });
});
