// What the per-message and the batch consumer share: the context the bus gives
// them, declaring a consumer queue on a fresh channel, dead-lettering with the
// reason in the headers, and settling on a channel that may already be gone.
import type { Envelope, Validation } from '@trading/contracts';
import type { Channel, ChannelModel, ConsumeMessage, Options } from 'amqplib';
import { ORIGINAL_ROUTING_KEY_HEADER, deadLetterPublishOptions } from './amqp-message.mapper';
import type { ConfirmingPublisher } from './confirming-publisher';
import { consumerQueueArguments, deadLetterExchangeName, deadLetterQueueArguments, deadLetterQueueName, type QueueTopology } from './topology';

/** A consumer the bus starts on every (re)connection and stops on cancel or close. */
export interface BusConsumer {
  readonly topology: QueueTopology;
  start(connection: ChannelModel): Promise<void>;
  stop(): Promise<void>;
}

export interface ConsumerContext {
  readonly exchange: string;
  readonly publisher: ConfirmingPublisher;
  readonly decode: (raw: Buffer, routingKey: string) => Validation<Envelope>;
  /** Called when the channel closed while the consumer should still run. */
  readonly onChannelLost: (consumer: BusConsumer) => void;
  readonly onError: (message: string, error: unknown) => void;
}

/** A fresh channel with the prefetch set, the queue, its dead-letter queue and their bindings declared. */
export async function openConsumerChannel(connection: ChannelModel, topology: QueueTopology, prefetch: number, context: ConsumerContext): Promise<Channel> {
  const { exchange } = context;
  const { name } = topology;
  const channel = await connection.createChannel();
  channel.on('error', (error: unknown) => context.onError(`consumer channel of ${name} failed`, error));
  await channel.prefetch(prefetch);
  const deadLetterQueue = deadLetterQueueName(name);
  // A temporary queue and its dead letters vanish with the connection that declared them.
  const lifetime = topology.temporary ? { durable: false, exclusive: true, autoDelete: true } : { durable: true };
  await channel.assertQueue(deadLetterQueue, { ...lifetime, autoDelete: false, arguments: deadLetterQueueArguments(topology) });
  await channel.bindQueue(deadLetterQueue, deadLetterExchangeName(exchange), name);
  await channel.assertQueue(name, { ...lifetime, arguments: consumerQueueArguments(topology, exchange) });
  for (const binding of topology.bindings) await channel.bindQueue(name, exchange, binding);
  return channel;
}

/**
 * Publishes the message to the dead-letter exchange with the reason, and waits
 * for the confirm. The caller acks after: a crash in between duplicates the
 * dead letter rather than losing it.
 */
export async function publishDeadLetter(context: ConsumerContext, queue: string, message: ConsumeMessage, reason: string, deliveryCount: number): Promise<void> {
  const source = message.properties as Options.Publish;
  const options = deadLetterPublishOptions(
    { ...source, messageId: message.properties.messageId ?? `dead-${queue}-${message.fields.deliveryTag}` },
    { reason, routingKey: routingKeyOf(message), exchange: context.exchange, deliveryCount },
  );
  await context.publisher.publish(deadLetterExchangeName(context.exchange), queue, message.content, options);
}

/** A classic-queue retry copy travels on the default exchange, keyed by queue name; the header keeps the topic. */
export function routingKeyOf(message: ConsumeMessage): string {
  if (message.fields.exchange === '') {
    const original = (message.properties.headers as Record<string, unknown> | undefined)?.[ORIGINAL_ROUTING_KEY_HEADER];
    if (typeof original === 'string') return original;
  }
  return message.fields.routingKey;
}

/** Acks and nacks on a channel that has closed throw; the broker then redelivers, which is the right outcome. */
export function settle(action: () => void): void {
  try {
    action();
  } catch {
    // Channel closed: the message returns to the queue.
  }
}

export async function closeQuietly(channel: Channel): Promise<void> {
  try {
    await channel.close();
  } catch {
    // Already closed.
  }
}
