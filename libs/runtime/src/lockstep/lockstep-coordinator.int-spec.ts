import { RabbitMqBus } from '@trading/messaging/rabbitmq';
import { describeWithServers, testServerUrl } from '@trading/test-support';
import { connect } from 'amqplib';
import { replayToyChain } from './lockstep.fixtures';

describeWithServers(['rabbitmq'], 'the lockstep coordinator over RabbitMQ', () => {
  it('gives the holding consumer the same canonical order as on the in-process bus', async () => {
    const run = `t-lockstep-${process.pid}-${Date.now().toString(36)}`;
    const bus = await RabbitMqBus.connect({ url: testServerUrl('rabbitmq'), exchange: run, connectionName: run, logger: { warn: () => undefined } });
    try {
      const { handled, counts } = await replayToyChain(bus, run, 8);
      expect(handled).toEqual(Array.from({ length: 8 }, () => ['execution.report', 'market.bar', 'signal']).flat());
      expect(counts).toEqual({ steps: 8, releases: 8 });
    } finally {
      await bus.close();
      const connection = await connect(testServerUrl('rabbitmq'));
      const channel = await connection.createChannel();
      await channel.deleteExchange(run);
      await channel.deleteExchange(`${run}.dlx`);
      await connection.close();
    }
  }, 60_000);
});
