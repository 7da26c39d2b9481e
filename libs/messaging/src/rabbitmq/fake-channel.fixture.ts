// A fake amqplib Channel the consumer specs drive: declarations succeed,
// deliveries are pushed by the test, acks are recorded.
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { EventEmitter } from 'node:events';

/** The part of an amqplib Channel a consumer uses, driven by the test. */
export class FakeChannel extends EventEmitter {
  /** Each ack: the delivery tag and whether it covered every earlier one (`multiple`). */
  readonly acks: [number, boolean][] = [];
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
  ack(message: ConsumeMessage, allUpTo = false): void {
    this.acks.push([message.fields.deliveryTag, allUpTo]);
  }
  async close(): Promise<void> {
    this.emit('close');
  }
}

export function connectionOf(channel: FakeChannel): ChannelModel {
  return { createChannel: async () => channel as unknown as Channel } as unknown as ChannelModel;
}

export function messageOf(body: string, deliveryTag: number): ConsumeMessage {
  return {
    content: Buffer.from(body, 'utf8'),
    fields: { deliveryTag, redelivered: false, exchange: 'trading', routingKey: 'signal.fake.EURUSD', consumerTag: 'fake' },
    properties: { headers: {} },
  } as unknown as ConsumeMessage;
}
