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
  /**
   * Publishes that fail with a transient error before the bus "recovers". As
   * when a connection drops, every publish handed over while a failing one is
   * still unsettled fails with it (a real bus never confirms those either).
   */
  failNext = 0;
  /** Publishes that still go through before `failNext` applies: a connection lost in the middle of a batch. */
  succeedFirst = 0;
  /** Envelopes whose publish fails every time, on their own (a message this bus cannot send). */
  readonly failEnvelopeIds = new Set<string>();
  /** Topics the broker refuses for good (unroutable). */
  readonly rejectTopics = new Set<string>();
  attempts = 0;
  private failing = 0;

  async publish(topic: Topic, envelope: Envelope): Promise<void> {
    this.attempts += 1;
    let lost = this.failing > 0;
    if (!lost && this.failNext > 0) {
      if (this.succeedFirst > 0) this.succeedFirst -= 1;
      else {
        this.failNext -= 1;
        lost = true;
      }
    }
    if (lost) this.failing += 1;
    try {
      // A real broker confirms asynchronously; yield so ordering bugs can show.
      await Promise.resolve();
      if (lost) throw new Error('broker connection lost');
      if (this.failEnvelopeIds.has(envelope.id)) throw new TypeError(`cannot publish ${envelope.type} on ${topic}: unknown to this bus`);
      if (this.rejectTopics.has(topic)) throw new PublishRejected(topic, 'unroutable');
      this.published.push({ topic, envelope });
    } finally {
      if (lost) this.failing -= 1;
    }
  }
}
