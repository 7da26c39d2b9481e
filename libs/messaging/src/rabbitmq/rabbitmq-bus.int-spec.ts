import { describeWithServers, testServerUrl } from '@trading/test-support';
import { connect, type ConsumeMessage } from 'amqplib';
import { PublishRejected, RejectMessage, type DeliveredMessage } from '../message-bus.port';
import { RabbitMqBus, RabbitMqUnavailable } from './rabbitmq-bus.adapter';
import { runMessageBusContract, SignalBuilder } from '../testing';
import { connectTestBus, deleteTopology, eventually, pattern, topic, uniqueRunName } from './rabbitmq-test.fixtures';

describeWithServers(['rabbitmq'], 'RabbitMqBus', () => {
  // The shared contract every adapter passes, on its own exchange per test.
  runMessageBusContract('RabbitMQ', async (settings) => {
    const exchange = uniqueRunName('contract');
    const bus = await connectTestBus(exchange, { mayBeUnroutable: settings?.mayBeUnroutable });
    return { bus, cleanup: (queues) => deleteTopology(exchange, queues) };
  });
});

describeWithServers(['rabbitmq'], 'RabbitMqBus on a real broker', () => {
  let exchange: string;
  let bus: RabbitMqBus;
  let messages: SignalBuilder;
  /** `signal.<run>.<symbol>`: a routing key no other test run uses. */
  const signalKey = (symbol = 'EURUSD') => topic(`signal.${exchange}.${symbol}`);
  const signalPattern = () => pattern(`signal.${exchange}.*`);
  const queues: string[] = [];
  const queueName = (label: string): string => {
    const name = `${exchange}.${label}`;
    queues.push(name);
    return name;
  };

  beforeEach(async () => {
    exchange = uniqueRunName('bus');
    queues.length = 0;
    messages = new SignalBuilder(exchange);
    bus = await connectTestBus(exchange);
  });

  afterEach(async () => {
    await bus.close();
    await deleteTopology(exchange, queues);
  });

  it('delivers a confirmed publish to a bound consumer with its envelope, routing key and delivery count', async () => {
    const received: DeliveredMessage[] = [];
    let delivered!: () => void;
    const firstDelivery = new Promise<void>((resolve) => (delivered = resolve));
    await bus.consume({
      queue: queueName('bars'),
      bindings: [pattern(`signal.${exchange}.EURUSD`)],
      handler: async (message) => {
        received.push(message);
        delivered();
      },
    });
    const envelope = messages.next();
    await bus.publish(signalKey(), envelope);
    await firstDelivery;
    expect(received).toEqual([{ envelope, routingKey: signalKey(), deliveryCount: 1 }]);
    expect(bus.isReady()).toBe(true);
  });

  it('writes the envelope id, type, correlation id and content type into the AMQP properties', async () => {
    const queue = queueName('props');
    await bus.consume({ queue, bindings: [signalPattern()], handler: async () => undefined });
    const probe = await connect(testServerUrl('rabbitmq'));
    const channel = await probe.createChannel();
    const peekQueue = `${queue}.peek`;
    queues.push(peekQueue);
    await channel.assertQueue(peekQueue, { durable: false, autoDelete: false });
    await channel.bindQueue(peekQueue, exchange, `signal.${exchange}.*`);
    const envelope = messages.next();
    const peeked = new Promise<ConsumeMessage>((resolve) => void channel.consume(peekQueue, (message) => message && resolve(message), { noAck: true }));
    await bus.publish(signalKey(), envelope);
    const { properties } = await peeked;
    await probe.close();
    expect(properties).toMatchObject({
      messageId: envelope.id,
      type: 'signal',
      correlationId: envelope.correlationId,
      appId: 'bus-contract',
      contentType: 'application/json',
      deliveryMode: 2,
      timestamp: Math.floor(envelope.occurredAt / 1000),
      headers: { 'x-version': 2, 'x-causation-id': '' },
    });
  });

  it('rejects a publish that no queue is bound for with PublishRejected', async () => {
    const publishing = bus.publish(signalKey('NZDUSD'), messages.next('NZDUSD'));
    await expect(publishing).rejects.toBeInstanceOf(PublishRejected);
    await expect(publishing).rejects.toThrow('returned as unroutable (312 NO_ROUTE)');
  });

  it('dead-letters a body that is not a valid envelope without calling the handler', async () => {
    const queue = queueName('invalid');
    const handler = jest.fn(async () => undefined);
    await bus.consume({ queue, bindings: [signalPattern()], handler });
    await bus.publishRaw(signalKey(), 'not json {');
    let letters: Awaited<ReturnType<RabbitMqBus['takeDeadLetters']>> = [];
    await eventually(async () => (letters = [...letters, ...(await bus.takeDeadLetters(queue))]).length > 0, 5000, 'the dead letter');
    expect(handler).not.toHaveBeenCalled();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ queue, routingKey: signalKey(), body: 'not json {', deliveryCount: 1 });
    expect(letters[0].reason).toMatch(/^invalid message: invalid JSON: /);
  });

  it('redelivers a failing message until maxDeliveries, then dead-letters it with the error as reason', async () => {
    const queue = queueName('retry');
    const counts: number[] = [];
    await bus.consume({
      queue,
      bindings: [signalPattern()],
      maxDeliveries: 3,
      handler: async ({ deliveryCount }) => {
        counts.push(deliveryCount);
        throw new Error('database unavailable');
      },
    });
    const envelope = messages.next();
    await bus.publish(signalKey(), envelope);
    let letters: Awaited<ReturnType<RabbitMqBus['takeDeadLetters']>> = [];
    await eventually(async () => (letters = [...letters, ...(await bus.takeDeadLetters(queue))]).length > 0, 10_000, 'the dead letter');
    expect(counts).toEqual([1, 2, 3]);
    expect(letters[0]).toMatchObject({ routingKey: signalKey(), deliveryCount: 3, reason: 'handler failed on delivery 3 of 3: database unavailable' });
    expect(JSON.parse(letters[0].body)).toEqual(envelope);
  });

  it('retries on a classic queue by counting deliveries in a header', async () => {
    const queue = queueName('classic-retry');
    const counts: number[] = [];
    await bus.consume({
      queue,
      queueType: 'classic',
      bindings: [signalPattern()],
      maxDeliveries: 2,
      handler: async ({ deliveryCount }) => {
        counts.push(deliveryCount);
        throw new Error('cache down');
      },
    });
    await bus.publish(signalKey('GBPUSD'), messages.next('GBPUSD'));
    let letters: Awaited<ReturnType<RabbitMqBus['takeDeadLetters']>> = [];
    await eventually(async () => (letters = [...letters, ...(await bus.takeDeadLetters(queue))]).length > 0, 10_000, 'the dead letter');
    expect(counts).toEqual([1, 2]);
    expect(letters[0].reason).toBe('handler failed on delivery 2 of 2: cache down');
  });

  it('dead-letters at once on RejectMessage', async () => {
    const queue = queueName('reject');
    let calls = 0;
    await bus.consume({
      queue,
      bindings: [signalPattern()],
      handler: async () => {
        calls++;
        throw new RejectMessage('unknown command "explode"');
      },
    });
    await bus.publish(signalKey(), messages.next());
    let letters: Awaited<ReturnType<RabbitMqBus['takeDeadLetters']>> = [];
    await eventually(async () => (letters = [...letters, ...(await bus.takeDeadLetters(queue))]).length > 0, 5000, 'the dead letter');
    expect(calls).toBe(1);
    expect(letters[0].reason).toBe('rejected by handler: unknown command "explode"');
  });

  it('reads a dead letter the broker wrote when a message exceeded the delivery limit without the adapter', async () => {
    const queue = queueName('broker-limit');
    const handle = await bus.consume({ queue, bindings: [signalPattern()], maxDeliveries: 2, handler: async () => undefined });
    await handle.cancel();
    // A consumer outside the adapter (a crashing service, say) returns the message every time.
    const raw = await connect(testServerUrl('rabbitmq'));
    const channel = await raw.createChannel();
    let deliveries = 0;
    await channel.consume(queue, (message) => {
      if (!message) return;
      deliveries++;
      channel.nack(message, false, true);
    });
    const envelope = messages.next();
    await bus.publish(signalKey(), envelope);
    let letters: Awaited<ReturnType<RabbitMqBus['takeDeadLetters']>> = [];
    await eventually(async () => (letters = [...letters, ...(await bus.takeDeadLetters(queue))]).length > 0, 10_000, 'the broker dead letter');
    await raw.close();
    expect(deliveries).toBe(3);
    expect(letters[0]).toMatchObject({ queue, routingKey: signalKey(), reason: 'broker dead-lettered: delivery_limit' });
    expect(JSON.parse(letters[0].body)).toEqual(envelope);
  });

  it('bounds unconfirmed publishes by the confirm window', async () => {
    await bus.close();
    bus = await connectTestBus(exchange, { confirmWindow: 4 });
    const queue = queueName('window');
    await bus.consume({ queue, bindings: [signalPattern()], handler: async () => undefined });
    let peak = 0;
    const publishes = Array.from({ length: 200 }, () => {
      const done = bus.publish(signalKey(), messages.next());
      peak = Math.max(peak, bus.unconfirmed);
      return done;
    });
    await Promise.all(publishes);
    expect(peak).toBe(4);
    expect(bus.unconfirmed).toBe(0);
  });

  it('close() lets an in-flight handler finish and ack before disconnecting', async () => {
    const queue = queueName('graceful');
    let finished = 0;
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await bus.consume({
      queue,
      bindings: [signalPattern()],
      handler: async () => {
        started();
        await released;
        finished++;
      },
    });
    await bus.publish(signalKey(), messages.next());
    await handlerStarted;
    let closed = false;
    const closing = bus.close().then(() => void (closed = true));
    // A round trip to the broker on a connection of its own: time for a close that did not wait to be done.
    const probe = await connect(testServerUrl('rabbitmq'));
    const channel = await probe.createChannel();
    await channel.checkQueue(queue);
    expect({ closed, finished }).toEqual({ closed: false, finished: 0 });
    release();
    await closing;
    expect(finished).toBe(1);
    expect(bus.isReady()).toBe(false);
    // Acked: nothing left in the queue for the next consumer.
    const { messageCount } = await channel.checkQueue(queue);
    await probe.close();
    expect(messageCount).toBe(0);
    await expect(bus.publish(signalKey(), messages.next())).rejects.toThrow('the bus is closing');
  });
});

describe('RabbitMqBus.connect', () => {
  it('fails with the broker URL, without its password, when nothing listens there', async () => {
    const connecting = RabbitMqBus.connect({ url: 'amqp://someone:secret@127.0.0.1:1', logger: { warn: () => undefined } });
    await expect(connecting).rejects.toBeInstanceOf(RabbitMqUnavailable);
    await expect(connecting).rejects.toThrow(/^cannot connect to RabbitMQ at amqp:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/);
  });
});
