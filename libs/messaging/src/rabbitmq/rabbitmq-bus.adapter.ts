// The MessageBus over RabbitMQ (amqplib 0.10): one connection (Nagle off),
// one confirm channel for publishing, one channel per consumer. It declares
// its own topology, survives connection loss (reconnects with backoff and
// jitter, re-declares, re-creates consumers, re-publishes what was not
// confirmed) and shuts down without dropping work.
import {
  assertTopicMatchesType,
  decodeEnvelope,
  topicMatches,
  validateEnvelope,
  type Envelope,
  type MessageRegistry,
  type RoutePattern,
  type Topic,
} from '@trading/contracts';
import type { RandomSource } from '@trading/domain';
import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import { batchLimits } from '../batch-verdicts';
import type { BatchConsumerSpec, ConsumerHandle, ConsumerSpec, DeadLetter, MessageBus } from '../message-bus.port';
import {
  deadLetterDeliveryCountOf,
  deadLetterReasonOf,
  envelopePublishOptions,
  originalRoutingKeyOf,
  rawPublishOptions,
} from './amqp-message.mapper';
import { ConfirmingPublisher } from './confirming-publisher';
import type { BusConsumer, ConsumerContext } from './consumer-channel';
import { RabbitMqBatchConsumer } from './rabbitmq-batch-consumer';
import { RabbitMqConsumer } from './rabbitmq-consumer';
import { reconnectDelayMs, type BackoffOptions } from './reconnect-backoff';
import {
  DEFAULT_EXCHANGE,
  DEFAULT_MAX_DELIVERIES,
  deadLetterExchangeName,
  deadLetterQueueName,
  validateQueueTopology,
  type QueueTopology,
  type QueueType,
} from './topology';

/** A consumer spec with the RabbitMQ-only choice of queue type. */
export interface RabbitMqConsumerSpec extends ConsumerSpec {
  /** Default: the bus's `defaultQueueType` (quorum). Classic only for high-rate, loss-tolerant streams. */
  readonly queueType?: QueueType;
}

/** A batch consumer spec with the RabbitMQ-only choice of queue type. */
export interface RabbitMqBatchConsumerSpec extends BatchConsumerSpec {
  /** Default: the bus's `defaultQueueType` (quorum). */
  readonly queueType?: QueueType;
}

export interface RabbitMqBusLogger {
  warn(message: string): void;
}

export interface RabbitMqBusOptions {
  /** amqp://user:pass@host:port/vhost */
  readonly url: string;
  /** Registry to validate against (tests of extra message types); the contracts registry by default. */
  readonly registry?: MessageRegistry;
  /** Topic exchange name. Default `trading`. */
  readonly exchange?: string;
  /** Publishes awaiting a broker confirm at once; publish() waits for a slot beyond it. Default 256. */
  readonly confirmWindow?: number;
  readonly defaultQueueType?: QueueType;
  /** Whether a topic's messages are written to disk by the broker. Default: all. */
  readonly persistent?: (topic: string) => boolean;
  /**
   * Topics a publish may find no queue for without failing (`mandatory` off):
   * market data nobody consumes yet is dropped by the broker, while commands
   * and decisions must always reach a queue. Default: none.
   */
  readonly mayBeUnroutable?: readonly RoutePattern[];
  /** Shown in the broker's connection list. */
  readonly connectionName?: string;
  readonly reconnect?: BackoffOptions;
  /** Jitter of the reconnection delays. */
  readonly random?: RandomSource;
  /** AMQP heartbeat, so a silently dead connection is noticed and replaced. Default 15 s; a `heartbeat` in the URL wins. */
  readonly heartbeatSeconds?: number;
  /** How long close() waits for running handlers and outstanding confirms before failing the confirms. Default 30 s. */
  readonly closeTimeoutMs?: number;
  readonly logger?: RabbitMqBusLogger;
}

const DEFAULT_PREFETCH = 16;

/** The broker could not be reached (or refused the login) when the bus was created. The message names the URL, without credentials. */
export class RabbitMqUnavailable extends Error {
  override readonly name = 'RabbitMqUnavailable';
}

export class RabbitMqBus implements MessageBus {
  readonly exchange: string;
  private readonly publisher: ConfirmingPublisher;
  private readonly consumers = new Set<BusConsumer>();
  private connection: ChannelModel | null = null;
  private ready = false;
  private blocked = false;
  private reconnecting = false;
  private closing = false;
  private closed: Promise<void> | null = null;
  private rawSequence = 0;
  private connectionCount = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private wakeReconnect: (() => void) | null = null;

  private constructor(private readonly options: RabbitMqBusOptions) {
    this.exchange = options.exchange ?? DEFAULT_EXCHANGE;
    this.publisher = new ConfirmingPublisher(options.confirmWindow ?? 256);
  }

  /** Connects and declares the exchanges; fails if the broker cannot be reached now. */
  static async connect(options: RabbitMqBusOptions): Promise<RabbitMqBus> {
    const bus = new RabbitMqBus(options);
    try {
      await bus.establish();
    } catch (error) {
      const redacted = options.url.replace(/\/\/[^@/]*@/, '//');
      throw new RabbitMqUnavailable(`cannot connect to RabbitMQ at ${redacted}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return bus;
  }

  isReady(): boolean {
    // Not ready from the moment close() is called: in-flight handlers may still publish, but no new work should come.
    return this.ready && !this.blocked && !this.closing && this.closed === null;
  }

  /** Successful reconnections since connect() (a metric, and what tests wait for). */
  get reconnections(): number {
    return Math.max(0, this.connectionCount - 1);
  }

  /** Messages re-published after a lost connection (their first confirm never came). */
  get republished(): number {
    return this.publisher.republished;
  }

  /** Messages published but not yet confirmed by the broker. */
  get unconfirmed(): number {
    return this.publisher.unconfirmed;
  }

  publish(topic: Topic, envelope: Envelope): Promise<void> {
    let content: Buffer;
    try {
      // A publisher bug is caught here, before it reaches every consumer's dead-letter queue.
      assertTopicMatchesType(topic, envelope.type);
      const checked = validateEnvelope(envelope, { registry: this.options.registry });
      if (!checked.ok) throw new TypeError(`cannot publish ${envelope.type} on ${topic}: ${checked.reason}`);
      content = Buffer.from(JSON.stringify(envelope), 'utf8');
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return this.publisher.publish(this.exchange, topic, content, envelopePublishOptions(envelope, this.isPersistent(topic), this.isMandatory(topic)));
  }

  publishRaw(topic: Topic, body: Buffer | string): Promise<void> {
    const content = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const messageId = `raw-${this.options.connectionName ?? 'bus'}-${++this.rawSequence}`;
    return this.publisher.publish(this.exchange, topic, content, rawPublishOptions(messageId, this.isPersistent(topic), this.isMandatory(topic)));
  }

  async consume(spec: RabbitMqConsumerSpec): Promise<ConsumerHandle> {
    if (this.closing || this.closed) throw new Error(`cannot consume ${spec.queue}: the bus is closing`);
    const prefetch = spec.prefetch ?? DEFAULT_PREFETCH;
    if (!Number.isInteger(prefetch) || prefetch < 1) throw new RangeError(`consumer ${spec.queue}: prefetch must be an integer >= 1, got ${prefetch}`);
    const topology = this.topologyOf(spec);
    return this.register(new RabbitMqConsumer(topology, spec.handler, prefetch, topology.singleActiveConsumer, this.consumerContext()));
  }

  async consumeBatches(spec: RabbitMqBatchConsumerSpec): Promise<ConsumerHandle> {
    if (this.closing || this.closed) throw new Error(`cannot consume ${spec.queue}: the bus is closing`);
    const limits = batchLimits(spec);
    return this.register(new RabbitMqBatchConsumer(this.topologyOf(spec), spec.handler, limits, this.consumerContext()));
  }

  /**
   * Drops every message waiting in `queue` (not in flight to a consumer);
   * returns how many. For a replay that owns its queues (`trading run` over
   * RabbitMQ starts from empty ones): never on a vhost live services use.
   */
  async purgeQueue(queue: string): Promise<number> {
    const connection = this.connection;
    if (!connection) throw new Error(`cannot purge ${queue}: not connected to RabbitMQ`);
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    try {
      const { messageCount } = await channel.purgeQueue(queue);
      return messageCount;
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  async takeDeadLetters(queue: string, max = 100): Promise<DeadLetter[]> {
    const connection = this.connection;
    if (!connection) throw new Error(`cannot read dead letters of ${queue}: not connected to RabbitMQ`);
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    const letters: DeadLetter[] = [];
    try {
      while (letters.length < max) {
        const message = await channel.get(deadLetterQueueName(queue), { noAck: false });
        if (message === false) break;
        const headers = message.properties.headers as Record<string, unknown> | undefined;
        letters.push({
          queue,
          routingKey: originalRoutingKeyOf(headers, message.fields.routingKey),
          reason: deadLetterReasonOf(headers),
          body: message.content.toString('utf8'),
          deliveryCount: deadLetterDeliveryCountOf(headers),
        });
        channel.ack(message);
      }
    } catch (error) {
      // A queue nobody consumed yet has no dead-letter queue, hence no dead letters
      // (and the broker closed the channel with the 404).
      if ((error as { code?: number }).code === 404) return [];
      await channel.close().catch(() => undefined);
      throw error;
    }
    await channel.close();
    return letters;
  }

  close(): Promise<void> {
    this.closed ??= this.shutDown();
    return this.closed;
  }

  private async shutDown(): Promise<void> {
    // One deadline for the whole drain: handlers still running may publish their
    // results, so publishing stays open until they finish, but a handler waiting on
    // a confirm from a broker that is gone must not hold the shutdown forever.
    const timeoutMs = this.options.closeTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const handlersDone = Promise.all([...this.consumers].map((consumer) => consumer.stop())).then(() => 'done' as const);
    let gaveUp = (await Promise.race([handlersDone, deadline])) === 'timeout';
    this.consumers.clear();
    this.publisher.stopAccepting();
    if (!gaveUp) gaveUp = (await Promise.race([this.publisher.drained().then(() => 'done' as const), deadline])) === 'timeout';
    clearTimeout(timer);
    if (gaveUp) this.publisher.abandon(`the bus closed after waiting ${timeoutMs} ms for the broker`);
    this.closing = true;
    this.ready = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.wakeReconnect?.();
    const connection = this.connection;
    this.connection = null;
    this.publisher.detach();
    if (connection) {
      try {
        await connection.close();
      } catch {
        // Already closed by the broker.
      }
    }
  }

  private topologyOf(spec: Omit<RabbitMqConsumerSpec, 'handler'>): QueueTopology {
    const topology: QueueTopology = {
      name: spec.queue,
      bindings: spec.bindings.map(String),
      queueType: spec.temporary ? 'classic' : (spec.queueType ?? this.options.defaultQueueType ?? 'quorum'),
      maxDeliveries: spec.maxDeliveries ?? DEFAULT_MAX_DELIVERIES,
      singleActiveConsumer: spec.singleActiveConsumer ?? false,
      temporary: spec.temporary ?? false,
    };
    validateQueueTopology(topology);
    return topology;
  }

  private consumerContext(): ConsumerContext {
    return {
      exchange: this.exchange,
      publisher: this.publisher,
      decode: (raw, routingKey) => decodeEnvelope(raw, { routingKey, registry: this.options.registry }),
      onChannelLost: (lost) => this.restartConsumerLater(lost),
      onError: (message, error) => this.warn(message, error),
    };
  }

  private async register(consumer: BusConsumer): Promise<ConsumerHandle> {
    // While disconnected the consumer is only registered; the reconnection starts it.
    if (this.connection) await consumer.start(this.connection);
    this.consumers.add(consumer);
    return {
      cancel: async () => {
        this.consumers.delete(consumer);
        await consumer.stop();
      },
    };
  }

  private urlWithHeartbeat(): string {
    const url = new URL(this.options.url);
    if (!url.searchParams.has('heartbeat')) url.searchParams.set('heartbeat', String(this.options.heartbeatSeconds ?? 15));
    return url.toString();
  }

  private isPersistent(topic: string): boolean {
    return this.options.persistent ? this.options.persistent(topic) : true;
  }

  private isMandatory(topic: string): boolean {
    return !(this.options.mayBeUnroutable ?? []).some((pattern) => topicMatches(pattern, topic));
  }

  /** Opens a connection, declares the topology and resumes publishing and consuming on it. */
  private async establish(): Promise<void> {
    // Nagle off: with it on, each confirm round trip waits for delayed ACKs (~18 ms a hop instead of ~1 ms).
    const connection = await connect(this.urlWithHeartbeat(), {
      noDelay: true,
      clientProperties: { connection_name: this.options.connectionName ?? 'trading-bus' },
    });
    let lost = false;
    connection.on('error', (error: unknown) => this.warn('RabbitMQ connection error', error));
    // A memory or disk alarm stops publishing: not ready until the broker lifts it.
    connection.on('blocked', (reason: unknown) => {
      this.blocked = true;
      this.warn('RabbitMQ blocked the connection', reason);
    });
    connection.on('unblocked', () => {
      this.blocked = false;
    });
    connection.on('close', () => {
      lost = true;
      if (this.connection === connection) this.onConnectionLost();
    });
    try {
      const channel: ConfirmChannel = await connection.createConfirmChannel();
      channel.on('error', (error: unknown) => this.warn('RabbitMQ publish channel error', error));
      channel.on('close', () => {
        // A publish channel lost on a live connection: recover through a full reconnection.
        if (this.connection === connection && !this.closing) void connection.close().catch(() => undefined);
      });
      await channel.assertExchange(this.exchange, 'topic', { durable: true });
      await channel.assertExchange(deadLetterExchangeName(this.exchange), 'direct', { durable: true });
      for (const consumer of this.consumers) await consumer.start(connection);
      if (lost) throw new Error('connection closed while declaring the topology');
      if (this.closing) throw new Error('the bus closed while reconnecting');
      this.connection = connection;
      this.publisher.attach(channel);
      this.connectionCount++;
      this.ready = true;
    } catch (error) {
      try {
        await connection.close();
      } catch {
        // Already closed.
      }
      throw error;
    }
  }

  private onConnectionLost(): void {
    this.ready = false;
    this.blocked = false;
    this.connection = null;
    this.publisher.detach();
    if (this.closing || this.reconnecting) return;
    this.warn('RabbitMQ connection lost; reconnecting', null);
    void this.reconnectLoop();
  }

  private async reconnectLoop(): Promise<void> {
    this.reconnecting = true;
    const backoff = this.options.reconnect ?? { initialDelayMs: 100, maxDelayMs: 10_000 };
    const random = this.options.random ?? { nextFloat: Math.random, nextUint32: () => Math.floor(Math.random() * 2 ** 32) };
    try {
      for (let attempt = 0; !this.closing; attempt++) {
        await new Promise<void>((resolve) => {
          this.wakeReconnect = resolve;
          this.reconnectTimer = setTimeout(resolve, reconnectDelayMs(attempt, backoff, random));
        });
        this.wakeReconnect = null;
        this.reconnectTimer = null;
        if (this.closing) return;
        try {
          await this.establish();
          return;
        } catch (error) {
          this.warn(`RabbitMQ reconnection attempt ${attempt + 1} failed`, error);
        }
      }
    } finally {
      this.reconnecting = false;
    }
  }

  private restartConsumerLater(consumer: BusConsumer): void {
    const connection = this.connection;
    // If the whole connection is going down, the reconnection restarts every consumer.
    setTimeout(() => {
      if (this.closing || !this.consumers.has(consumer) || this.connection !== connection || !connection) return;
      consumer.start(connection).catch((error: unknown) => {
        this.warn(`restarting consumer ${consumer.topology.name} failed`, error);
        this.restartConsumerLater(consumer);
      });
    }, 250).unref();
  }

  private warn(message: string, error: unknown): void {
    const detail = error === null || error === undefined ? '' : `: ${error instanceof Error ? error.message : String(error)}`;
    (this.options.logger ?? { warn: (line: string) => process.stderr.write(`${line}\n`) }).warn(`${message}${detail}`);
  }
}

