// One consumer of one queue on its own channel (prefetch is per channel).
// Decodes and validates before the handler; acks only after the handler
// resolved; retries a failing message by redelivery (a serial consumer retries
// in place, to keep its stream in order) and dead-letters it, with
// the reason in its headers, on its last allowed delivery, on an explicit
// RejectMessage, or when it is not a valid envelope.
import type { Channel, ChannelModel, ConsumeMessage, Options } from 'amqplib';
import { errorText } from '../batch-verdicts';
import { isRejectMessage, type MessageHandler } from '../message-bus.port';
import { DELIVERY_COUNT_HEADER, ORIGINAL_ROUTING_KEY_HEADER, deliveryCountOf } from './amqp-message.mapper';
import { closeQuietly, openConsumerChannel, publishDeadLetter, routingKeyOf, settle, type BusConsumer, type ConsumerContext } from './consumer-channel';
import type { QueueTopology } from './topology';

export type { ConsumerContext } from './consumer-channel';

export class RabbitMqConsumer implements BusConsumer {
  private channel: Channel | null = null;
  private consumerTag: string | null = null;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  // Serial consumers (single active consumer) handle one message at a time, in queue order.
  private serialTail: Promise<void> = Promise.resolve();

  constructor(
    readonly topology: QueueTopology,
    private readonly handler: MessageHandler,
    private readonly prefetch: number,
    private readonly serial: boolean,
    private readonly context: ConsumerContext,
  ) {}

  /** Declares the queue, its dead-letter queue and bindings, then starts consuming on a fresh channel. */
  async start(connection: ChannelModel): Promise<void> {
    const channel = await openConsumerChannel(connection, this.topology, this.prefetch, this.context);
    channel.on('close', () => {
      if (this.channel !== channel) return;
      this.channel = null;
      this.consumerTag = null;
      if (!this.stopped) this.context.onChannelLost(this);
    });
    this.channel = channel;
    if (this.stopped) {
      await closeQuietly(channel);
      return;
    }
    const { consumerTag } = await channel.consume(this.topology.name, (message) => this.onMessage(channel, message), { noAck: false });
    this.consumerTag = consumerTag;
  }

  /** Stops receiving, waits for in-flight handlers (and their acks), closes the channel. */
  async stop(): Promise<void> {
    this.stopped = true;
    const channel = this.channel;
    if (channel && this.consumerTag) {
      try {
        await channel.cancel(this.consumerTag);
      } catch {
        // The channel is already gone; nothing more will arrive on it.
      }
    }
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    this.channel = null;
    if (channel) await closeQuietly(channel);
  }

  private onMessage(channel: Channel, message: ConsumeMessage | null): void {
    if (message === null) {
      // The broker cancelled us (queue deleted): treat it like a lost channel.
      if (!this.stopped) void closeQuietly(channel);
      return;
    }
    const run = this.serial ? this.serialTail.then(() => this.handle(channel, message)) : this.handle(channel, message);
    const tracked = run.catch((error: unknown) => this.context.onError(`handling a message of ${this.topology.name} failed`, error));
    if (this.serial) this.serialTail = tracked;
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  private async handle(channel: Channel, message: ConsumeMessage): Promise<void> {
    // Its channel is gone (a serial consumer's queued messages outlive it): the broker
    // redelivers the message, so handling it now would only run it twice, maybe out of order.
    if (this.channel !== channel) return;
    const headers = message.properties.headers as Record<string, unknown> | undefined;
    const deliveryCount = deliveryCountOf(headers, message.fields.redelivered);
    const routingKey = routingKeyOf(message);
    const decoded = this.context.decode(message.content, routingKey);
    if (!decoded.ok) {
      await this.deadLetter(channel, message, `invalid message: ${decoded.reason}`, deliveryCount);
      return;
    }
    const envelope = decoded.value;
    for (let attempt = deliveryCount; ; attempt += 1) {
      try {
        await this.handler({ envelope, routingKey, deliveryCount: attempt });
      } catch (error) {
        if (isRejectMessage(error)) {
          await this.deadLetter(channel, message, `rejected by handler: ${errorText(error)}`, attempt);
        } else if (attempt >= this.topology.maxDeliveries) {
          await this.deadLetter(channel, message, `handler failed on delivery ${attempt} of ${this.topology.maxDeliveries}: ${errorText(error)}`, attempt);
        } else if (this.serial && !this.stopped && this.channel === channel) {
          // An ordered stream retries here: returned to the broker, the message would be
          // overtaken by the later ones already prefetched to this consumer.
          continue;
        } else {
          await this.retry(channel, message, attempt);
        }
        return;
      }
      settle(() => channel.ack(message));
      return;
    }
  }

  private async retry(channel: Channel, message: ConsumeMessage, deliveryCount: number): Promise<void> {
    if (this.topology.queueType === 'quorum') {
      // The quorum queue counts the return in x-delivery-count.
      settle(() => channel.nack(message, false, true));
      return;
    }
    // Classic queues count nothing: re-queue a copy that carries the count, then drop the original.
    const options: Options.Publish = {
      ...(message.properties as Options.Publish),
      mandatory: true,
      headers: {
        ...(message.properties.headers as Record<string, unknown> | undefined),
        [DELIVERY_COUNT_HEADER]: deliveryCount,
        [ORIGINAL_ROUTING_KEY_HEADER]: routingKeyOf(message),
      },
      messageId: message.properties.messageId ?? `retry-${this.topology.name}-${message.fields.deliveryTag}`,
    };
    await this.context.publisher.publish('', this.topology.name, message.content, options);
    settle(() => channel.ack(message));
  }

  private async deadLetter(channel: Channel, message: ConsumeMessage, reason: string, deliveryCount: number): Promise<void> {
    await publishDeadLetter(this.context, this.topology.name, message, reason, deliveryCount);
    settle(() => channel.ack(message));
  }
}
