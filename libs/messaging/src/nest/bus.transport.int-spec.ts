import { describeWithServers, testServerUrl } from '@trading/test-support';
import { connect } from 'amqplib';
import { connectTestBus, deleteTopology, uniqueRunName } from '../rabbitmq/rabbitmq-test.fixtures';
import { runBusBatchSemantics } from './bus-batch-semantics.fixtures';
import { runBusTransportSemantics, type TransportFixture } from './bus-transport-semantics.fixtures';

describeWithServers(['rabbitmq'], 'BusTransport over RabbitMQ', () => {
  runBusTransportSemantics('RabbitMQ', open);
  runBusBatchSemantics('RabbitMQ', open);
});

async function open(): Promise<TransportFixture> {
  // One exchange per test: its name is also the routing word, so no other run's messages reach these queues.
  const exchange = uniqueRunName('transport');
  const bus = await connectTestBus(exchange);
  const queues: string[] = [];
  return {
    bus,
    word: exchange,
    queue: (label) => {
      const name = `${exchange}.${label}`;
      queues.push(name);
      return name;
    },
    queueExists,
    cleanup: async () => {
      await bus.close();
      await deleteTopology(exchange, queues);
    },
  };
}

async function queueExists(queue: string): Promise<boolean> {
  const connection = await connect(testServerUrl('rabbitmq'));
  try {
    const channel = await connection.createChannel();
    // A missing queue closes the channel with 404, a temporary (exclusive) queue of another connection with 405.
    channel.on('error', () => undefined);
    try {
      await channel.checkQueue(queue);
      await channel.close();
      return true;
    } catch (error) {
      const { code } = error as { code?: number };
      if (code === 404 || code === 405) return code === 405;
      throw error;
    }
  } finally {
    await connection.close();
  }
}
