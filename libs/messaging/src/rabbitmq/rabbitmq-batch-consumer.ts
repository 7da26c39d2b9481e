// A batch consumer of one queue on its own channel. Deliveries are decoded as
// they arrive and held in arrival (delivery-tag) order; one drain at a time
// takes batches from the head (what has arrived by the next event-loop turn,
// up to maxBatch), runs the handler, dead-letters what must be, and acks the
// whole batch with one `multiple` ack. That ack is exact because every message
// delivered before a batch was settled before it started: batches never
// overlap, and messages of a failed batch are retried in place, alone, at the
// head. A lost channel drops what it held (the broker redelivers it, in
// order, on the next channel); drains of successive channels never overlap.
import type { Envelope } from '@trading/contracts';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { judgeBatch, settleBatch, type BatchLimits, type MessageVerdict } from '../batch-verdicts';
import { MessageDeque } from '../in-process/message-deque';
import type { BatchHandler, DeliveredMessage } from '../message-bus.port';
import { deliveryCountOf } from './amqp-message.mapper';
import { closeQuietly, openConsumerChannel, publishDeadLetter, routingKeyOf, settle, type BusConsumer, type ConsumerContext } from './consumer-channel';
import type { QueueTopology } from './topology';

interface Held {
  readonly message: ConsumeMessage;
  readonly routingKey: string;
  /** Undefined when the body is not a valid envelope: dead-lettered, never handed to the handler. */
  readonly envelope: Envelope | undefined;
  readonly invalidReason: string;
  deliveryCount: number;
  /** A message of a failed batch: it runs as a batch of its own, so a poison message is isolated. */
  alone: boolean;
}

/** One channel's deliveries. */
interface Session {
  readonly channel: Channel;
  readonly held: MessageDeque<Held>;
  /** A batch failed while stopping: what it and later ones held is left to the broker to redeliver. */
  abandoned: boolean;
}

export class RabbitMqBatchConsumer implements BusConsumer {
  private session: Session | null = null;
  private consumerTag: string | null = null;
  private stopped = false;
  /** The drains, one after the other. */
  private drains: Promise<void> = Promise.resolve();
  private drainRequested = false;

  constructor(
    readonly topology: QueueTopology,
    private readonly handler: BatchHandler,
    private readonly limits: BatchLimits,
    private readonly context: ConsumerContext,
  ) {}

  /** Declares the queue, its dead-letter queue and bindings, then starts consuming on a fresh channel. */
  async start(connection: ChannelModel): Promise<void> {
    const channel = await openConsumerChannel(connection, this.topology, this.limits.prefetch, this.context);
    const session: Session = { channel, held: new MessageDeque<Held>(), abandoned: false };
    channel.on('close', () => {
      if (this.session !== session) return;
      this.session = null;
      this.consumerTag = null;
      if (!this.stopped) this.context.onChannelLost(this);
    });
    this.session = session;
    if (this.stopped) {
      await closeQuietly(channel);
      return;
    }
    const { consumerTag } = await channel.consume(this.topology.name, (message) => this.onMessage(session, message), { noAck: false });
    this.consumerTag = consumerTag;
  }

  /** Stops receiving, handles and acks what was delivered (the running batch and those after it), closes the channel. */
  async stop(): Promise<void> {
    this.stopped = true;
    const session = this.session;
    if (session && this.consumerTag) {
      try {
        await session.channel.cancel(this.consumerTag);
      } catch {
        // The channel is already gone; nothing more will arrive on it.
      }
    }
    // Deliveries sent before the cancel-ok are already held: the requested drains take them all.
    for (let drains = this.drains; ; drains = this.drains) {
      await drains;
      if (drains === this.drains) break;
    }
    if (this.session === session) this.session = null;
    if (session) await closeQuietly(session.channel);
  }

  private onMessage(session: Session, message: ConsumeMessage | null): void {
    if (message === null) {
      // The broker cancelled us (queue deleted): treat it like a lost channel.
      if (!this.stopped) void closeQuietly(session.channel);
      return;
    }
    const routingKey = routingKeyOf(message);
    const decoded = this.context.decode(message.content, routingKey);
    session.held.push({
      message,
      routingKey,
      envelope: decoded.ok ? decoded.value : undefined,
      invalidReason: decoded.ok ? '' : decoded.reason,
      deliveryCount: deliveryCountOf(message.properties.headers as Record<string, unknown> | undefined, message.fields.redelivered),
      alone: false,
    });
    this.requestDrain();
  }

  private requestDrain(): void {
    if (this.drainRequested) return;
    this.drainRequested = true;
    this.drains = this.drains
      // One event-loop turn first: the frames of the socket read that brought this delivery bring the rest of the batch.
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => {
        this.drainRequested = false;
        return this.drain();
      })
      .catch((error: unknown) => this.context.onError(`handling a batch of ${this.topology.name} failed`, error));
  }

  private async drain(): Promise<void> {
    const session = this.session;
    if (session === null) return;
    while (this.session === session && !session.abandoned && session.held.length > 0) {
      await this.runBatch(session, this.takeBatch(session.held));
    }
  }

  private takeBatch(held: MessageDeque<Held>): Held[] {
    const first = held.shift() as Held;
    const batch = [first];
    if (first.alone) return batch;
    while (batch.length < this.limits.maxBatch && held.length > 0) batch.push(held.shift() as Held);
    return batch;
  }

  private async runBatch(session: Session, batch: readonly Held[]): Promise<void> {
    const valid = batch.filter((held) => held.envelope !== undefined);
    let verdicts: readonly MessageVerdict[] = [];
    if (valid.length > 0) {
      const delivered = valid.map(toDelivered);
      const settlement = await settleBatch(() => this.handler(delivered));
      verdicts = judgeBatch(
        valid.map((held) => held.deliveryCount),
        this.topology.maxDeliveries,
        settlement,
      );
    }
    const retries: Held[] = [];
    const deadLetters: Promise<void>[] = [];
    const deadLetter = (held: Held, reason: string): void => {
      deadLetters.push(publishDeadLetter(this.context, this.topology.name, held.message, reason, held.deliveryCount));
    };
    for (const held of batch) if (held.envelope === undefined) deadLetter(held, `invalid message: ${held.invalidReason}`);
    verdicts.forEach((verdict, index) => {
      const held = valid[index];
      if (verdict.kind === 'retry') retries.push(held);
      else if (verdict.kind === 'rejected') deadLetter(held, `rejected by handler: ${verdict.reason}`);
      else if (verdict.kind === 'exhausted') {
        deadLetter(held, `handler failed on delivery ${held.deliveryCount} of ${this.topology.maxDeliveries}: ${verdict.error}`);
      }
    });
    // Every dead letter confirmed before the ack that covers its message.
    await Promise.all(deadLetters);
    const { channel } = session;
    if (retries.length === 0) {
      const last = batch[batch.length - 1].message;
      settle(() => channel.ack(last, batch.length > 1));
      return;
    }
    for (const held of batch) if (!retries.includes(held)) settle(() => channel.ack(held.message));
    if (this.stopped || this.session !== session) {
      // Not retried here: left unacked with everything held after them, they go back to the
      // queue, in order, when the channel closes.
      session.abandoned = true;
      return;
    }
    for (let index = retries.length - 1; index >= 0; index -= 1) {
      const held = retries[index];
      held.alone = true;
      held.deliveryCount += 1;
      session.held.unshift(held);
    }
  }
}

function toDelivered(held: Held): DeliveredMessage {
  return { envelope: held.envelope as Envelope, routingKey: held.routingKey, deliveryCount: held.deliveryCount };
}
