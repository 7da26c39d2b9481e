import { describeWithServers } from '@trading/test-support';
import type { RabbitMqBus } from './rabbitmq-bus.adapter';
import { SignalBuilder } from '../testing';
import { connectTestBus, deleteTopology, eventually, forceCloseConnections, pattern, topic, uniqueRunName } from './rabbitmq-test.fixtures';

describeWithServers(['rabbitmq'], 'RabbitMqBus when the broker drops its connection', () => {
  jest.setTimeout(60_000);

  let exchange: string;
  let queue: string;
  const buses: RabbitMqBus[] = [];

  beforeEach(() => {
    exchange = uniqueRunName('drop');
    queue = `${exchange}.orders`;
  });

  afterEach(async () => {
    for (const bus of buses.splice(0)) await bus.close();
    await deleteTopology(exchange, [queue]);
  });

  it('loses no confirmed message and applies each once with an id inbox, across a forced close mid-stream', async () => {
    const bus = await connectTestBus(exchange, { connectionName: exchange, confirmWindow: 256 });
    buses.push(bus);
    // The inbox stand-in: the persistence inbox records handled ids in the handler's transaction.
    const inbox = new Set<string>();
    let duplicates = 0;
    let redeliveries = 0;
    await bus.consume({
      queue,
      bindings: [pattern(`signal.${exchange}.*`)],
      prefetch: 64,
      handler: async ({ envelope, deliveryCount }) => {
        if (deliveryCount > 1) redeliveries++;
        await new Promise((resolve) => setImmediate(resolve));
        if (inbox.has(envelope.id)) duplicates++;
        else inbox.add(envelope.id);
      },
    });

    // Publish without pause so the confirm window is full when the broker drops the
    // connection, and keep publishing through the outage and after the reconnection.
    const messages = new SignalBuilder(exchange);
    const chunk = 128;
    const publishes: Promise<void>[] = [];
    let confirmed = 0;
    let closedConnections: number | null = null;
    let publishedAtReconnect: number | null = null;
    let drop: Promise<void> | null = null;
    while (publishedAtReconnect === null || publishes.length < publishedAtReconnect + 2000) {
      if (publishes.length > 200_000) throw new Error('no reconnection after 200000 publishes');
      for (let k = 0; k < chunk; k++) {
        publishes.push(bus.publish(topic(`signal.${exchange}.EURUSD`), messages.next()).then(() => void confirmed++));
      }
      if (publishes.length > 2 * chunk) await Promise.all(publishes.slice(-3 * chunk, -2 * chunk));
      if (drop === null && confirmed >= 2000) {
        drop = forceCloseConnections(exchange).then((count) => void (closedConnections = count));
      }
      if (closedConnections !== null && bus.reconnections === 1 && publishedAtReconnect === null) publishedAtReconnect = publishes.length;
    }
    await Promise.all(publishes);
    const total = publishes.length;
    expect(closedConnections).toBe(1);
    expect(confirmed).toBe(total);
    // Some messages were in flight, unconfirmed, when the connection died, and went out again.
    expect(bus.republished).toBeGreaterThan(0);
    await eventually(() => inbox.size === total, 30_000, 'every message to be consumed');
    expect(inbox.size).toBe(total);
    process.stderr.write(
      `reconnect test: ${total} messages, ${bus.republished} re-published, ${duplicates} duplicates removed by the inbox, ${redeliveries} redeliveries\n`,
    );
  });

  it('reports not ready while disconnected and ready again after reconnecting', async () => {
    const bus = await connectTestBus(exchange, { connectionName: exchange, reconnect: { initialDelayMs: 300, maxDelayMs: 300 } });
    buses.push(bus);
    await bus.consume({ queue, bindings: [pattern(`signal.${exchange}.*`)], handler: async () => undefined });
    expect(bus.isReady()).toBe(true);
    await forceCloseConnections(exchange);
    await eventually(() => !bus.isReady(), 5000, 'not ready');
    await eventually(() => bus.isReady(), 10_000, 'ready again');
    // The consumer was re-created: a publish after the reconnection is routed and consumed.
    await expect(bus.publish(topic(`signal.${exchange}.USDJPY`), new SignalBuilder(exchange).next('USDJPY'))).resolves.toBeUndefined();
  });

  it('close() during an outage waits for the reconnection and the confirm of what was published meanwhile', async () => {
    const bus = await connectTestBus(exchange, { connectionName: exchange, reconnect: { initialDelayMs: 400, maxDelayMs: 400 } });
    await bus.consume({ queue, bindings: [pattern(`signal.${exchange}.*`)], handler: async () => undefined });
    await forceCloseConnections(exchange);
    await eventually(() => !bus.isReady(), 5000, 'not ready');
    let confirmed = false;
    const publishing = bus.publish(topic(`signal.${exchange}.EURUSD`), new SignalBuilder(exchange).next()).then(() => (confirmed = true));
    await bus.close();
    expect(confirmed).toBe(true);
    await publishing;
    expect(bus.reconnections).toBe(1);
    expect(bus.isReady()).toBe(false);
  });
});
