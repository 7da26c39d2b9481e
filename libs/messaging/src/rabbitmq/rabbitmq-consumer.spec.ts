// The consumer's handling of a lost channel, with a fake channel the test drives.
import { decodeEnvelope, encodeEnvelope } from '@trading/contracts';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { EventEmitter } from 'node:events';
import { gate, SignalBuilder } from '../testing/bus-contract.helpers';
import { ConfirmingPublisher } from './confirming-publisher';
import { RabbitMqConsumer } from './rabbitmq-consumer';

/** The part of an amqplib Channel a consumer uses, driven by the test. */
class FakeChannel extends EventEmitter {
  readonly acked: number[] = [];
  deliver: ((message: ConsumeMessage | null) => void) | undefined;

  // Declarations succeed at once: this fake has no broker state to check them against.
  prefetch = async (): Promise<void> => undefined;
  assertQueue = async (): Promise<void> => undefined;
  bindQueue = async (): Promise<void> => undefined;
  cancel = async (): Promise<void> => undefined;
  async consume(_queue: string, onMessage: (message: ConsumeMessage | null) => void): Promise<{ consumerTag: string }> {
    this.deliver = onMessage;
    return { consumerTag: 'fake' };
  }
  ack(message: ConsumeMessage): void {
    this.acked.push(message.fields.deliveryTag);
  }
  async close(): Promise<void> {
    this.emit('close');
  }
}

function messageOf(body: string, deliveryTag: number): ConsumeMessage {
  return {
    content: Buffer.from(body, 'utf8'),
    fields: { deliveryTag, redelivered: false, exchange: 'trading', routingKey: 'signal.fake.EURUSD', consumerTag: 'fake' },
    properties: { headers: {} },
  } as unknown as ConsumeMessage;
}

describe('RabbitMqConsumer', () => {
  it('does not run the handler for messages of a serial consumer whose channel was lost (the broker redelivers them)', async () => {
    const channel = new FakeChannel();
    const connection = { createChannel: async () => channel as unknown as Channel } as unknown as ChannelModel;
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
