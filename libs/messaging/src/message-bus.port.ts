// The bus port every service uses. Two adapters implement it (in-process for the
// embedded run and fast tests, RabbitMQ for the distributed run) and both pass
// the one contract suite in ./testing.
import type { Envelope, RoutePattern, Topic } from '@trading/contracts';

export interface DeliveredMessage {
  /** Decoded and validated against the contracts registry before the handler sees it. */
  readonly envelope: Envelope;
  readonly routingKey: string;
  /** 1 on first delivery, incremented on each redelivery. */
  readonly deliveryCount: number;
}

/**
 * Resolve to ack (after the handler's own transaction committed). Throw to have
 * the message redelivered, up to the consumer's `maxDeliveries`, after which it
 * is dead-lettered with the error as reason. Throw `RejectMessage` for a
 * permanent failure: dead-lettered at once, never retried.
 */
export type MessageHandler = (message: DeliveredMessage) => Promise<void>;

export interface ConsumerSpec {
  /** Durable queue name; consumers sharing a queue compete for its messages. */
  readonly queue: string;
  readonly bindings: readonly RoutePattern[];
  readonly handler: MessageHandler;
  /** Messages in flight to this consumer at once. Default 16. */
  readonly prefetch?: number;
  /** Deliveries before a failing message is dead-lettered. Default 5. */
  readonly maxDeliveries?: number;
  /** Only one consumer of the queue receives at a time (ordered processing per queue). */
  readonly singleActiveConsumer?: boolean;
  /**
   * A queue that lives only as long as this consumer (monitors, tools, per-run
   * taps): the broker deletes it, with anything left in it, when the consumer
   * goes away. Default false: queues are durable.
   */
  readonly temporary?: boolean;
}

/**
 * What a batch handler reports once its transaction committed: the messages it
 * found permanently unprocessable, by index in the batch, with the reason. They
 * are dead-lettered (as for `RejectMessage`); every other message is acked.
 */
export interface BatchOutcome {
  readonly rejected: ReadonlyMap<number, string>;
}

/**
 * Handles an ordered batch of messages in one transaction (group commit).
 *
 * - A batch holds messages in queue order: the next batch starts only after the
 *   previous one settled, and holds the messages already delivered to the
 *   consumer, up to `maxBatch`. A batch never waits to fill: a lone message is
 *   handed over at once, as a batch of one.
 * - Resolve (after the commit) to ack every message of the batch, except those
 *   named in `BatchOutcome.rejected`, which are dead-lettered with their reason.
 *   An index outside the batch is a handler bug and counts as a throw.
 * - Throw to have the whole batch redelivered, in order, before any later
 *   message. Each message counts the delivery: one that has had `maxDeliveries`
 *   is dead-lettered with the error as reason. So that one poison message cannot
 *   hold the queue, the messages of a failed batch of many are then retried one
 *   at a time, each as a batch of one (in order, before any later message); the
 *   failing one is isolated there and dead-lettered after its own last delivery,
 *   while the others commit. `RejectMessage` thrown for a batch of one
 *   dead-letters it at once; thrown for a batch of many it cannot say which
 *   message it means, so it counts as any other failure of the batch.
 * - Invalid and unknown-version messages never reach the handler: the bus
 *   dead-letters them, as for `consume`.
 */
export type BatchHandler = (batch: readonly DeliveredMessage[]) => Promise<BatchOutcome | void>;

export interface BatchConsumerSpec extends Omit<ConsumerSpec, 'handler'> {
  /** Most messages in one batch, an integer ≥ 1. */
  readonly maxBatch: number;
  readonly handler: BatchHandler;
  /**
   * Messages in flight to this consumer at once, at least `maxBatch`. Default
   * max(16, 2 × maxBatch): the next batch is delivered while one commits.
   */
  readonly prefetch?: number;
}

export interface ConsumerHandle {
  /** Stops receiving and waits for in-flight handlers to finish. */
  cancel(): Promise<void>;
}

export interface DeadLetter {
  readonly queue: string;
  readonly routingKey: string;
  /** Why it was rejected: validation error, handler error after the last delivery, explicit rejection. */
  readonly reason: string;
  /** The message body as received (kept raw: it may not even be JSON). */
  readonly body: string;
  readonly deliveryCount: number;
}

export interface MessageBus {
  /** Resolves once the broker has confirmed the message; rejects if it was returned as unroutable or nacked. */
  publish(topic: Topic, envelope: Envelope): Promise<void>;
  /** Publishes raw bytes without validation (tooling and tests that prove bad input is dead-lettered). */
  publishRaw(topic: Topic, body: Buffer | string): Promise<void>;
  consume(spec: ConsumerSpec): Promise<ConsumerHandle>;
  /**
   * Consumes in ordered batches (see `BatchHandler`). Batches of one consumer never
   * overlap, whatever `singleActiveConsumer`; with it, the queue has one total order.
   * `cancel()` and `close()` stop new deliveries and let the running batch, and the
   * messages already delivered to the consumer after it, be handled and acked; if a
   * batch fails meanwhile, it and everything delivered after it go back to the queue,
   * in order, for the next consumer, instead of being retried here.
   */
  consumeBatches(spec: BatchConsumerSpec): Promise<ConsumerHandle>;
  /** Removes and returns up to `max` dead letters of a consumer queue, oldest first. */
  takeDeadLetters(queue: string, max?: number): Promise<DeadLetter[]>;
  /** True while connected and able to publish (readiness). */
  isReady(): boolean;
  /** Stops consumers, drains in-flight handlers and unconfirmed publishes, then disconnects. */
  close(): Promise<void>;
}

/** Thrown by a handler for a message that can never succeed: dead-letter it now. */
export class RejectMessage extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RejectMessage';
  }
}

/** True for a RejectMessage, also one thrown by another copy of this library (matched by name). */
export function isRejectMessage(error: unknown): boolean {
  return error instanceof RejectMessage || (error instanceof Error && error.name === 'RejectMessage');
}

/** A publish the broker refused: returned as unroutable (`mandatory`), or nacked. */
export class PublishRejected extends Error {
  constructor(
    readonly topic: string,
    reason: string,
  ) {
    super(`publish to ${topic} rejected: ${reason}`);
    this.name = 'PublishRejected';
  }
}
