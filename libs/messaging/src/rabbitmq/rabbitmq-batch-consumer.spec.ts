// The batch consumer's acks and its handling of a lost channel, with a fake channel the test drives.
import { decodeEnvelope, encodeEnvelope } from '@trading/contracts';
import type { DeliveredMessage } from '../message-bus.port';
import { eventually, gate, SignalBuilder } from '../testing/bus-contract.helpers';
import { ConfirmingPublisher } from './confirming-publisher';
import { connectionOf, FakeChannel, messageOf } from './fake-channel.fixture';
import { RabbitMqBatchConsumer } from './rabbitmq-batch-consumer';

function consumerOn(handler: (batch: readonly DeliveredMessage[]) => Promise<void>, lost: string[] = []): RabbitMqBatchConsumer {
  return new RabbitMqBatchConsumer(
    { name: 'fake', bindings: ['signal.fake.*'], queueType: 'quorum', maxDeliveries: 5, singleActiveConsumer: true },
    handler,
    { maxBatch: 4, prefetch: 8 },
    {
      exchange: 'trading',
      publisher: new ConfirmingPublisher(4),
      decode: (raw, routingKey) => decodeEnvelope(raw, { routingKey }),
      onChannelLost: (which) => lost.push(which.topology.name),
      onError: (message) => lost.push(`error: ${message}`),
    },
  );
}

describe('RabbitMqBatchConsumer', () => {
  const builder = new SignalBuilder('fake');
  const body = (): string => encodeEnvelope(builder.next());

  it('hands over what arrived in one read as batches of at most maxBatch, acking each with one multiple ack on its last tag', async () => {
    const channel = new FakeChannel();
    const sizes: number[] = [];
    const consumer = consumerOn(async (batch) => void sizes.push(batch.length));
    await consumer.start(connectionOf(channel));
    for (let tag = 1; tag <= 6; tag += 1) channel.deliver?.(messageOf(body(), tag));
    await consumer.stop();
    expect(sizes).toEqual([4, 2]);
    expect(channel.acks).toEqual([
      [4, true],
      [6, true],
    ]);
  });

  it('acks a lone message without multiple', async () => {
    const channel = new FakeChannel();
    const consumer = consumerOn(async () => undefined);
    await consumer.start(connectionOf(channel));
    channel.deliver?.(messageOf(body(), 1));
    await consumer.stop();
    expect(channel.acks).toEqual([[1, false]]);
  });

  it('after its channel is lost, finishes the running batch but hands over none of the messages held after it (the broker redelivers them)', async () => {
    const channel = new FakeChannel();
    const lost: string[] = [];
    const release = gate();
    const handled: number[] = [];
    const consumer = consumerOn(async (batch) => {
      handled.push(batch.length);
      await release.promise;
    }, lost);
    await consumer.start(connectionOf(channel));
    channel.deliver?.(messageOf(body(), 1));
    await eventually(() => handled.length === 1, 'the first batch', { timeoutMs: 5000 });
    channel.deliver?.(messageOf(body(), 2));
    channel.deliver?.(messageOf(body(), 3));
    await channel.close();
    release.open();
    await consumer.stop();
    expect(handled).toEqual([1]);
    expect(lost).toEqual(['fake']);
  });
});
