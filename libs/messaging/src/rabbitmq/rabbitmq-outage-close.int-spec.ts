// close() while the broker is unreachable and a handler is waiting on a publish
// confirm: it must give up after closeTimeoutMs, not wait for a broker that may
// never come back. The broker is made unreachable by cutting a TCP proxy.
import { createServer, connect as connectTcp, type Server, type Socket } from 'node:net';
import { describeWithServers, testServerUrl } from '@trading/test-support';
import { SignalBuilder } from '../testing';
import { connectTestBus, deleteTopology, eventually, pattern, topic, uniqueRunName } from './rabbitmq-test.fixtures';

interface Proxy {
  readonly url: string;
  /** Closes the listener and every relayed connection: the broker is gone. */
  cut(): Promise<void>;
}

async function startProxy(target: URL): Promise<Proxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connectTcp({ host: target.hostname, port: Number(target.port || 5672) });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  const url = new URL(target.toString());
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  return {
    url: url.toString(),
    cut: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

describeWithServers(['rabbitmq'], 'RabbitMqBus.close() during an outage', () => {
  it('gives up after closeTimeoutMs when a handler waits on a confirm that cannot come, failing that publish', async () => {
    const exchange = uniqueRunName('outage');
    const queue = `${exchange}.in`;
    const proxy = await startProxy(new URL(testServerUrl('rabbitmq')));
    const bus = await connectTestBus(exchange, { url: proxy.url, closeTimeoutMs: 1500, reconnect: { initialDelayMs: 50, maxDelayMs: 200 } });
    const messages = new SignalBuilder(exchange);
    let handlerStarted = false;
    let handlerPublish: Promise<void> | undefined;
    let releaseHandler!: () => void;
    const holdHandler = new Promise<void>((resolve) => (releaseHandler = resolve));
    try {
      await bus.consume({
        queue,
        bindings: [pattern(`signal.${exchange}.EURUSD`)],
        maxDeliveries: 1,
        handler: async () => {
          handlerStarted = true;
          await holdHandler;
          // The broker is gone by now: this confirm never comes.
          handlerPublish = bus.publish(topic(`signal.${exchange}.EURUSD`), messages.next());
          await handlerPublish;
        },
      });
      await bus.publish(topic(`signal.${exchange}.EURUSD`), messages.next());
      await eventually(() => handlerStarted, 10_000, 'the handler to start');
      await proxy.cut();
      releaseHandler();
      await bus.close();
      // The close gave up at its deadline (how long that took in wall time is the timer's business, not this test's).
      await expect(handlerPublish).rejects.toThrow('the bus closed after waiting 1500 ms for the broker');
    } finally {
      releaseHandler();
      await bus.close();
      await deleteTopology(exchange, [queue]);
    }
  }, 60_000);
});
