// Batch consumption on a real broker, beyond the shared contract: what is
// left in the queue after close (the multiple acks covered every message), a
// classic queue, and a connection dropped mid-stream.
import { describeWithServers, testServerUrl } from '@trading/test-support';
import type { Envelope } from '@trading/contracts';
import { connect } from 'amqplib';
import type { RabbitMqBus } from './rabbitmq-bus.adapter';
import { SignalBuilder } from '../testing';
import { connectTestBus, deleteTopology, eventually, forceCloseConnections, pattern, topic, uniqueRunName } from './rabbitmq-test.fixtures';

describeWithServers(['rabbitmq'], 'RabbitMqBus batch consumption on a real broker', () => {
  jest.setTimeout(60_000);

  let exchange: string;
  let queue: string;
  let messages: SignalBuilder;
  const buses: RabbitMqBus[] = [];

  beforeEach(() => {
    exchange = uniqueRunName('batch');
    queue = `${exchange}.inbox`;
    messages = new SignalBuilder(exchange);
  });

  afterEach(async () => {
    for (const bus of buses.splice(0)) await bus.close();
    await deleteTopology(exchange, [queue]);
  });

  async function openBus(overrides: Parameters<typeof connectTestBus>[1] = {}): Promise<RabbitMqBus> {
    const bus = await connectTestBus(exchange, { connectionName: exchange, ...overrides });
    buses.push(bus);
    return bus;
  }

  /** Declares the queue (a consumer that is cancelled at once) and fills it with `count` confirmed messages. */
  async function fill(bus: RabbitMqBus, count: number, queueType: 'quorum' | 'classic' = 'quorum'): Promise<Envelope[]> {
    const handle = await bus.consumeBatches({ queue, queueType, bindings: [pattern(`signal.${exchange}.*`)], maxBatch: 1, singleActiveConsumer: true, handler: async () => undefined });
    await handle.cancel();
    const published = Array.from({ length: count }, () => messages.next());
    for (let start = 0; start < count; start += 200) {
      await Promise.all(published.slice(start, start + 200).map((envelope) => bus.publish(topic(`signal.${exchange}.EURUSD`), envelope)));
    }
    return published;
  }

  async function messagesLeft(): Promise<number> {
    const probe = await connect(testServerUrl('rabbitmq'));
    try {
      const channel = await probe.createChannel();
      return (await channel.checkQueue(queue)).messageCount;
    } finally {
      await probe.close();
    }
  }

  it('acks every message of every batch, so nothing is left in the queue after close', async () => {
    const bus = await openBus();
    const published = await fill(bus, 500);
    const batchSizes: number[] = [];
    const handled: string[] = [];
    await bus.consumeBatches({
      queue,
      bindings: [pattern(`signal.${exchange}.*`)],
      maxBatch: 64,
      singleActiveConsumer: true,
      handler: async (batch) => {
        batchSizes.push(batch.length);
        handled.push(...batch.map((message) => message.envelope.id));
        await new Promise((resolve) => setImmediate(resolve));
      },
    });
    await eventually(() => handled.length >= 500, 10_000, 'all 500 messages');
    await bus.close();
    expect(handled).toEqual(published.map((envelope) => envelope.id));
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(64);
    expect(batchSizes.length).toBeLessThan(500);
    expect(await messagesLeft()).toBe(0);
  });

  it('counts deliveries of a failing batch on a classic queue and dead-letters after maxDeliveries', async () => {
    const bus = await openBus();
    const [poison] = await fill(bus, 1, 'classic');
    const counts: number[] = [];
    await bus.consumeBatches({
      queue,
      queueType: 'classic',
      bindings: [pattern(`signal.${exchange}.*`)],
      maxBatch: 8,
      maxDeliveries: 3,
      singleActiveConsumer: true,
      handler: async (batch) => {
        counts.push(...batch.map((message) => message.deliveryCount));
        throw new Error('cache down');
      },
    });
    let letters: Awaited<ReturnType<RabbitMqBus['takeDeadLetters']>> = [];
    await eventually(async () => (letters = [...letters, ...(await bus.takeDeadLetters(queue))]).length > 0, 10_000, 'the dead letter');
    expect(counts).toEqual([1, 2, 3]);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ deliveryCount: 3, reason: 'handler failed on delivery 3 of 3: cache down' });
    expect((JSON.parse(letters[0].body) as Envelope).id).toBe(poison.id);
  });

  it('commits every message once, in queue order, across a connection the broker drops mid-stream', async () => {
    const bus = await openBus({ reconnect: { initialDelayMs: 50, maxDelayMs: 500 } });
    const total = 3000;
    const published = await fill(bus, total);
    // The inbox stand-in: the first commit of each id, in commit order.
    const inbox = new Set<string>();
    const firstCommits: string[] = [];
    let duplicates = 0;
    let largestBatch = 0;
    let dropped: Promise<number> | null = null;
    await bus.consumeBatches({
      queue,
      bindings: [pattern(`signal.${exchange}.*`)],
      maxBatch: 50,
      prefetch: 100,
      singleActiveConsumer: true,
      handler: async (batch) => {
        largestBatch = Math.max(largestBatch, batch.length);
        // A commit takes a turn of the event loop, so the drop can land while a batch is running.
        await new Promise((resolve) => setImmediate(resolve));
        for (const { envelope } of batch) {
          if (inbox.has(envelope.id)) duplicates += 1;
          else {
            inbox.add(envelope.id);
            firstCommits.push(envelope.id);
          }
        }
        if (dropped === null && inbox.size >= 600) {
          // Committed, not yet acked: the broker drops the connection now, with this batch and those held after it unacked.
          dropped = forceCloseConnections(exchange);
          await dropped;
        }
      },
    });
    await eventually(() => inbox.size === total, 30_000, 'every message to be committed');
    expect(await dropped).toBe(1);
    expect(bus.reconnections).toBeGreaterThanOrEqual(1);
    expect(firstCommits).toEqual(published.map((envelope) => envelope.id));
    expect(largestBatch).toBeGreaterThan(1);
    await bus.close();
    expect(await messagesLeft()).toBe(0);
    process.stderr.write(`batch reconnect test: ${total} messages, ${duplicates} redelivered after the drop and skipped by the inbox, largest batch ${largestBatch}\n`);
  });
});
