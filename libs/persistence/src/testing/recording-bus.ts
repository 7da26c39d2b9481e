// A bus that records what the outbox relay publishes and can be told to fail,
// for relay tests that do not need a broker.
import type { Envelope, Topic } from '@trading/contracts';
import { PublishRejected, type MessageBus } from '@trading/messaging';

export interface RecordedPublish {
  readonly topic: string;
  readonly envelope: Envelope;
}

export class RecordingBus implements Pick<MessageBus, 'publish'> {
  readonly published: RecordedPublish[] = [];
  /** Publishes that fail with a transient error before the bus "recovers". */
  failNext = 0;
  /** Topics the broker refuses for good (unroutable). */
  readonly rejectTopics = new Set<string>();
  attempts = 0;

  async publish(topic: Topic, envelope: Envelope): Promise<void> {
    this.attempts += 1;
    // A real broker confirms asynchronously; yield so ordering bugs can show.
    await Promise.resolve();
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('broker connection lost');
    }
    if (this.rejectTopics.has(topic)) throw new PublishRejected(topic, 'unroutable');
    this.published.push({ topic, envelope });
  }
}
