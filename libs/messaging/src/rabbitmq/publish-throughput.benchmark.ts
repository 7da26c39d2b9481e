// Measures what the adapter costs over bare amqplib: the same envelopes are
// published by a hand-written ConfirmChannel loop and by RabbitMqBus.publish(),
// each to its own topic exchange and queue (same queue type and arguments,
// same persistence, noDelay, same confirm window, same AMQP properties), and
// each run ends when the last confirm arrived. The queues have no consumer, so
// only publishing is measured. Used by `trading bench` commands.
import type { Envelope, Topic } from '@trading/contracts';
import { connect, type Channel, type ConfirmChannel } from 'amqplib';
import { envelopePublishOptions } from './amqp-message.mapper';
import { RabbitMqBus } from './rabbitmq-bus.adapter';
import { consumerQueueArguments, deadLetterExchangeName, type QueueType } from './topology';

export interface PublishThroughputOptions {
  readonly url: string;
  /** The messages to publish, in order (real data: e.g. bars turned into market.bar envelopes). */
  readonly messages: readonly { readonly topic: Topic; readonly envelope: Envelope }[];
  /** Unique prefix of the exchanges and queues this run declares and deletes. */
  readonly runName: string;
  readonly confirmWindow?: number;
  readonly queueType?: QueueType;
  readonly persistent?: boolean;
  /** Messages published, untimed, before the measured run. Default min(2000, messages). */
  readonly warmUp?: number;
}

export interface PublishThroughput {
  readonly messages: number;
  readonly seconds: number;
  readonly messagesPerSecond: number;
  readonly bytesPerMessage: number;
}

export interface PublishComparison {
  readonly bare: PublishThroughput;
  readonly adapter: PublishThroughput;
  /** adapter / bare messages per second. */
  readonly ratio: number;
  readonly confirmWindow: number;
  readonly queueType: QueueType;
  readonly persistent: boolean;
}

interface Settings {
  readonly confirmWindow: number;
  readonly queueType: QueueType;
  readonly persistent: boolean;
  readonly warmUp: number;
}

function settingsOf(options: PublishThroughputOptions): Settings {
  const confirmWindow = options.confirmWindow ?? 256;
  if (!Number.isInteger(confirmWindow) || confirmWindow < 1) throw new RangeError(`confirmWindow must be an integer >= 1, got ${confirmWindow}`);
  if (options.messages.length === 0) throw new RangeError('messages must not be empty');
  return {
    confirmWindow,
    queueType: options.queueType ?? 'quorum',
    persistent: options.persistent ?? true,
    warmUp: options.warmUp ?? Math.min(2000, options.messages.length),
  };
}

/** Publishes with a bare amqplib ConfirmChannel and a sliding confirm window. */
export async function measureBarePublish(options: PublishThroughputOptions): Promise<PublishThroughput> {
  const settings = settingsOf(options);
  const exchange = `${options.runName}-bare`;
  const connection = await connect(options.url, { noDelay: true });
  try {
    const channel = await connection.createConfirmChannel();
    await declareSink(channel, exchange, settings.queueType);
    const run = (count: number) => barePublishLoop(channel, exchange, options.messages, count, settings);
    await run(settings.warmUp);
    const begin = process.hrtime.bigint();
    const bytes = await run(options.messages.length);
    const result = throughput(options.messages.length, bytes, begin);
    await deleteSink(channel, exchange);
    return result;
  } finally {
    await connection.close();
  }
}

/** Publishes the same messages through RabbitMqBus.publish(), keeping `confirmWindow` publishes outstanding. */
export async function measureAdapterPublish(options: PublishThroughputOptions): Promise<PublishThroughput> {
  const settings = settingsOf(options);
  const exchange = `${options.runName}-adapter`;
  const admin = await connect(options.url);
  const adminChannel = await admin.createChannel();
  const bus = await RabbitMqBus.connect({
    url: options.url,
    exchange,
    confirmWindow: settings.confirmWindow,
    persistent: () => settings.persistent,
    connectionName: exchange,
  });
  try {
    await declareSink(adminChannel, exchange, settings.queueType);
    const run = async (count: number): Promise<void> => {
      const publishes: Promise<void>[] = new Array<Promise<void>>(count);
      for (let i = 0; i < count; i++) {
        const { topic, envelope } = options.messages[i];
        publishes[i] = bus.publish(topic, envelope);
        // A producer keeps a window of publishes outstanding, as the bare loop does.
        if (i >= settings.confirmWindow) await publishes[i - settings.confirmWindow];
      }
      await Promise.all(publishes);
    };
    const bytes = options.messages.reduce((sum, message) => sum + Buffer.byteLength(JSON.stringify(message.envelope)), 0);
    await run(settings.warmUp);
    const begin = process.hrtime.bigint();
    await run(options.messages.length);
    const result = throughput(options.messages.length, bytes, begin);
    await bus.close();
    await deleteSink(adminChannel, exchange);
    return result;
  } finally {
    await bus.close();
    await admin.close();
  }
}

/** Bare first, then the adapter, on the same broker and messages. */
export async function comparePublishThroughput(options: PublishThroughputOptions): Promise<PublishComparison> {
  const settings = settingsOf(options);
  const bare = await measureBarePublish(options);
  const adapter = await measureAdapterPublish(options);
  return {
    bare,
    adapter,
    ratio: Math.round((adapter.messagesPerSecond / bare.messagesPerSecond) * 1000) / 1000,
    confirmWindow: settings.confirmWindow,
    queueType: settings.queueType,
    persistent: settings.persistent,
  };
}

function barePublishLoop(
  channel: ConfirmChannel,
  exchange: string,
  messages: PublishThroughputOptions['messages'],
  count: number,
  settings: Settings,
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let next = 0;
    let inFlight = 0;
    let bytes = 0;
    let failed = false;
    const pump = (): void => {
      while (inFlight < settings.confirmWindow && next < count) {
        const { topic, envelope } = messages[next++];
        // The same work a careful amqplib user does: serialise, set the properties, publish with a confirm callback.
        const body = Buffer.from(JSON.stringify(envelope), 'utf8');
        bytes += body.length;
        inFlight++;
        channel.publish(exchange, topic, body, envelopePublishOptions(envelope, settings.persistent), onConfirm);
      }
      if (inFlight === 0 && next >= count) resolve(bytes);
    };
    const onConfirm = (error: unknown): void => {
      inFlight--;
      if (failed) return;
      if (error) {
        failed = true;
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      pump();
    };
    pump();
  });
}

export async function declareSink(channel: Channel, exchange: string, queueType: QueueType): Promise<void> {
  const queue = `${exchange}.sink`;
  await channel.assertExchange(exchange, 'topic', { durable: true });
  await channel.assertExchange(deadLetterExchangeName(exchange), 'direct', { durable: true });
  const topology = { name: queue, bindings: ['#'], queueType, maxDeliveries: 5, singleActiveConsumer: false };
  await channel.assertQueue(queue, { durable: true, arguments: consumerQueueArguments(topology, exchange) });
  await channel.bindQueue(queue, exchange, '#');
}

export async function deleteSink(channel: Channel, exchange: string): Promise<void> {
  await channel.deleteQueue(`${exchange}.sink`);
  await channel.deleteExchange(exchange);
  await channel.deleteExchange(deadLetterExchangeName(exchange));
}

function throughput(messages: number, bytes: number, begin: bigint): PublishThroughput {
  const seconds = Number(process.hrtime.bigint() - begin) / 1e9;
  return {
    messages,
    seconds: Math.round(seconds * 1000) / 1000,
    messagesPerSecond: Math.round(messages / seconds),
    bytesPerMessage: Math.round(bytes / messages),
  };
}
