// A bus whose first signal publish the "broker" refuses (a nack, a returned
// message): the bar that produced the signal is redelivered, and the service
// must send the same signal again without feeding the bar twice.
import type { Envelope, Topic } from '@trading/contracts';
import type { BatchConsumerSpec, ConsumerHandle, ConsumerSpec, DeadLetter, MessageBus } from '@trading/messaging';

export class FirstSignalRefused implements MessageBus {
  refused = 0;

  constructor(private readonly inner: MessageBus) {}

  async publish(topic: Topic, envelope: Envelope): Promise<void> {
    if (envelope.type === 'signal' && this.refused === 0) {
      this.refused += 1;
      throw new Error(`publish to ${topic} rejected: nacked`);
    }
    return this.inner.publish(topic, envelope);
  }

  publishRaw(topic: Topic, body: Buffer | string): Promise<void> {
    return this.inner.publishRaw(topic, body);
  }

  consume(spec: ConsumerSpec): Promise<ConsumerHandle> {
    return this.inner.consume(spec);
  }

  consumeBatches(spec: BatchConsumerSpec): Promise<ConsumerHandle> {
    return this.inner.consumeBatches(spec);
  }

  takeDeadLetters(queue: string, max?: number): Promise<DeadLetter[]> {
    return this.inner.takeDeadLetters(queue, max);
  }

  isReady(): boolean {
    return this.inner.isReady();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
