// The consumer's handling of a lost channel, with a fake channel the test drives.
import { decodeEnvelope, encodeEnvelope } from '@trading/contracts';
import { gate, SignalBuilder } from '../testing/bus-contract.helpers';
import { ConfirmingPublisher } from './confirming-publisher';
import { connectionOf, FakeChannel, messageOf } from './fake-channel.fixture';
import { RabbitMqConsumer } from './rabbitmq-consumer';

describe('RabbitMqConsumer', () => {
  it('does not run the handler for messages of a serial consumer whose channel was lost (the broker redelivers them)', async () => {
    const channel = new FakeChannel();
    const connection = connectionOf(channel);
    const lost: string[] = [];
    const release = gate();
    const handled: number[] = [];
    const consumer = new RabbitMqConsumer(
      { name: 'fake', bindings: ['signal.fake.*'], queueType: 'quorum', maxDeliveries: 5, singleActiveConsumer: true },
      async (message) => {
        handled.push((message.envelope.payload as { barTime: number }).barTime);
        await release.promise;
      },
      8,
      true,
      {
        exchange: 'trading',
        publisher: new ConfirmingPublisher(4),
        decode: (raw, routingKey) => decodeEnvelope(raw, { routingKey }),
        onChannelLost: (which) => lost.push(which.topology.name),
        onError: (message) => lost.push(`error: ${message}`),
      },
    );
    await consumer.start(connection);
    const builder = new SignalBuilder('fake');
    const bodies = [builder.next(), builder.next(), builder.next()].map((envelope) => encodeEnvelope(envelope));
    bodies.forEach((body, index) => channel.deliver?.(messageOf(body, index + 1)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(handled).toHaveLength(1);

    await channel.close();
    release.open();
    await consumer.stop();
    // Only the message already running when the channel went finishes; the two queued behind it are left to the redelivery.
    expect(handled).toEqual([1_700_000_000_000]);
    expect(lost).toEqual(['fake']);
  });
});
