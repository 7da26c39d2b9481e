// The in-process MessageBus of the embedded run and of fast tests. It keeps the
// semantics of the RabbitMQ topology: one topic exchange with AMQP matching,
// one queue per ConsumerSpec.queue shared by competing consumers, per-consumer
// prefetch, ack when the handler resolves, redelivery with a delivery count,
// dead letters (delivery limit, RejectMessage, invalid or unknown-version
// messages) and unroutable publishes rejected as with `mandatory`; batch
// consumers (in-process-batch-consumer.ts) get the same deliveries. Delivery is
// always asynchronous (never inside publish) and batched on microtasks, with a
// yield to the event loop after a budget of deliveries so timers and I/O still
// run while hundreds of thousands of bars pass through.
import {
  assertTopicMatchesType,
  decodeEnvelope,
  encodeEnvelope,
  parseRoutePattern,
  splitWords,
  topicMatches,
  validateEnvelope,
  type Envelope,
  type MessageRegistry,
  type RoutePattern,
  type Topic,
} from '@trading/contracts';
import { batchLimits, errorText } from '../batch-verdicts';
import {
  isRejectMessage,
  PublishRejected,
  type BatchConsumerSpec,
  type ConsumerHandle,
  type ConsumerSpec,
  type DeadLetter,
  type DeliveredMessage,
  type MessageBus,
} from '../message-bus.port';
import { InProcessBatchConsumer } from './in-process-batch-consumer';
import { declareQueue, InProcessConsumer, positiveInt, type InProcessQueue, type Publication, type QueueConsumer, type QueuedMessage } from './in-process-queue';

export const DEFAULT_PREFETCH = 16;
export const DEFAULT_MAX_DELIVERIES = 5;
/** Deliveries on microtasks before the bus yields once to the event loop. */
const DELIVERIES_PER_TURN = 4096;
/** Routing results kept per topic; topics are few (symbols × timeframes × strategies), this only bounds odd callers. */
const MAX_CACHED_ROUTES = 10_000;

export interface InProcessBusOptions {
  /** Registry to validate against (tests of extra message types); the contracts registry by default. */
  readonly registry?: MessageRegistry;
  /** Topics that may find no queue without failing the publish (as the RabbitMQ adapter's `mayBeUnroutable`). */
  readonly mayBeUnroutable?: readonly RoutePattern[];
}

export interface QueueStats {
  readonly queue: string;
  readonly waiting: number;
  readonly inFlight: number;
  readonly consumers: number;
  readonly deadLetters: number;
}

export class InProcessBus implements MessageBus {
  private readonly queues = new Map<string, InProcessQueue>();
  /** Topic → queues bound to it; cleared whenever a binding is added. */
  private readonly routes = new Map<string, InProcessQueue[]>();
  private readonly pending: InProcessQueue[] = [];
  private flushScheduled = false;
  private deliveriesThisTurn = 0;
  private turnResetScheduled = false;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  /** close() was called: no new consumers, not ready; handlers still running may publish. */
  private closing = false;
  private closed = false;

  constructor(private readonly options: InProcessBusOptions = {}) {}

  async publish(topic: Topic, envelope: Envelope): Promise<void> {
    this.assertOpen();
    assertTopicMatchesType(topic, envelope.type);
    const checked = validateEnvelope(envelope, { registry: this.options.registry });
    if (!checked.ok) throw new TypeError(`cannot publish ${envelope.type} on ${topic}: ${checked.reason}`);
    this.enqueue(topic, { routingKey: topic, envelope, body: undefined, invalidReason: undefined });
  }

  async publishRaw(topic: Topic, body: Buffer | string): Promise<void> {
    this.assertOpen();
    const text = typeof body === 'string' ? body : body.toString('utf8');
    const decoded = decodeEnvelope(text, { routingKey: topic, registry: this.options.registry });
    this.enqueue(topic, {
      routingKey: topic,
      envelope: decoded.ok ? decoded.value : undefined,
      body: text,
      invalidReason: decoded.ok ? undefined : decoded.reason,
    });
  }

  async consume(spec: ConsumerSpec): Promise<ConsumerHandle> {
    const prefetch = positiveInt(spec.prefetch ?? DEFAULT_PREFETCH, 'prefetch', spec.queue);
    const queue = this.declare(spec);
    // A single-active queue is an ordered stream: its handler runs one message at a time, as
    // the RabbitMQ adapter's serial consumer does, so a slow message is never overtaken.
    return this.attach(queue, new InProcessConsumer(spec, queue.singleActiveConsumer ? 1 : prefetch), spec.temporary ?? false);
  }

  async consumeBatches(spec: BatchConsumerSpec): Promise<ConsumerHandle> {
    const { maxBatch, prefetch } = batchLimits(spec);
    const queue = this.declare(spec);
    const consumer = new InProcessBatchConsumer(spec, prefetch, maxBatch, queue.maxDeliveries, {
      deadLetter: (message, reason) => this.deadLetter(queue, message, reason),
      released: (count) => this.released(queue, count),
      giveBack: (messages) => {
        for (let index = messages.length - 1; index >= 0; index -= 1) queue.messages.unshift(messages[index]);
      },
    });
    return this.attach(queue, consumer, spec.temporary ?? false);
  }

  async takeDeadLetters(queue: string, max = Number.POSITIVE_INFINITY): Promise<DeadLetter[]> {
    const state = this.queues.get(queue);
    if (state === undefined) return [];
    return state.deadLetters.splice(0, Math.min(max, state.deadLetters.length));
  }

  isReady(): boolean {
    return !this.closing;
  }

  async close(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      for (const queue of this.queues.values()) {
        for (const consumer of queue.consumers) consumer.cancelled = true;
        queue.consumers.length = 0;
      }
    }
    // As on RabbitMQ, handlers still running may publish their results until they finish.
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    this.closed = true;
  }

  /** Depth and activity of every queue, for metrics and tests. */
  stats(): QueueStats[] {
    return [...this.queues.values()].map((queue) => ({
      queue: queue.name,
      waiting: queue.messages.length,
      inFlight: queue.consumers.reduce((sum, consumer) => sum + consumer.inFlight, 0),
      consumers: queue.consumers.length,
      deadLetters: queue.deadLetters.length,
    }));
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the in-process bus is closed');
  }

  /** The queue of a consumer spec, bound to its patterns. */
  private declare(spec: Omit<ConsumerSpec, 'handler'>): InProcessQueue {
    this.assertOpen();
    if (this.closing) throw new Error(`cannot consume ${spec.queue}: the in-process bus is closing`);
    const maxDeliveries = positiveInt(spec.maxDeliveries ?? DEFAULT_MAX_DELIVERIES, 'maxDeliveries', spec.queue);
    const singleActive = spec.singleActiveConsumer ?? false;
    if (spec.queue.length === 0) throw new RangeError('consumer queue name must not be empty');
    const bindings = spec.bindings.map((binding) => parseRoutePattern(binding));
    const queue = declareQueue(this.queues, spec.queue, maxDeliveries, singleActive);
    for (const binding of bindings) if (queue.bind(binding)) this.routes.clear();
    return queue;
  }

  private attach(queue: InProcessQueue, consumer: QueueConsumer, temporary: boolean): ConsumerHandle {
    queue.consumers.push(consumer);
    this.schedule(queue);
    return { cancel: () => this.cancel(queue, consumer, temporary) };
  }

  private async cancel(queue: InProcessQueue, consumer: QueueConsumer, temporary: boolean): Promise<void> {
    consumer.cancelled = true;
    queue.remove(consumer);
    // Another consumer (a single-active standby) may take over what is waiting.
    this.schedule(queue);
    await consumer.drained();
    if (temporary && queue.consumers.length === 0 && this.queues.get(queue.name) === queue) {
      // As on the broker, a temporary queue goes away with its last consumer, and so do its bindings.
      this.queues.delete(queue.name);
      this.routes.clear();
    }
  }

  private route(topic: string): InProcessQueue[] {
    let bound = this.routes.get(topic);
    if (bound === undefined) {
      const words = splitWords(topic);
      bound = [];
      for (const queue of this.queues.values()) if (queue.matches(words)) bound.push(queue);
      if (this.routes.size >= MAX_CACHED_ROUTES) this.routes.clear();
      this.routes.set(topic, bound);
    }
    return bound;
  }

  private enqueue(topic: string, publication: Publication): void {
    const bound = this.route(topic);
    if (bound.length === 0) {
      if ((this.options.mayBeUnroutable ?? []).some((pattern) => topicMatches(pattern, topic))) return;
      throw new PublishRejected(topic, 'no queue is bound to this topic');
    }
    for (const queue of bound) {
      queue.messages.push({ publication, deliveryCount: 0 });
      this.schedule(queue);
    }
  }

  private schedule(queue: InProcessQueue): void {
    if (queue.scheduled) return;
    queue.scheduled = true;
    this.pending.push(queue);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    if (this.deliveriesThisTurn < DELIVERIES_PER_TURN) queueMicrotask(this.flush);
    else setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const queues = this.pending.splice(0, this.pending.length);
    for (const queue of queues) {
      queue.scheduled = false;
      this.pump(queue);
    }
  };

  private pump(queue: InProcessQueue): void {
    while (queue.messages.length > 0) {
      if (this.deliveriesThisTurn >= DELIVERIES_PER_TURN) {
        // Yield: finish this queue on the next event-loop turn.
        this.schedule(queue);
        return;
      }
      const consumer = queue.pickConsumer();
      if (consumer === undefined) return;
      const message = queue.messages.shift() as QueuedMessage;
      this.deliver(queue, consumer, message);
    }
  }

  private deliver(queue: InProcessQueue, consumer: QueueConsumer, message: QueuedMessage): void {
    message.deliveryCount += 1;
    this.countDelivery();
    const { publication } = message;
    if (publication.envelope === undefined) {
      // Worded as the RabbitMQ adapter words it: one dead-letter reason whichever bus carried the message.
      this.deadLetter(queue, message, `invalid message: ${publication.invalidReason ?? 'no envelope'}`);
      return;
    }
    this.inFlight += 1;
    if (consumer instanceof InProcessBatchConsumer) {
      consumer.accept(message);
      return;
    }
    const single = consumer as InProcessConsumer;
    single.inFlight += 1;
    const delivered: DeliveredMessage = {
      envelope: publication.envelope,
      routingKey: publication.routingKey,
      deliveryCount: message.deliveryCount,
    };
    let handled: Promise<void>;
    try {
      handled = single.spec.handler(delivered);
    } catch (error) {
      handled = Promise.reject(error);
    }
    handled.then(
      () => this.settle(queue, single, message, undefined),
      (error: unknown) => this.settle(queue, single, message, error ?? new Error('handler failed')),
    );
  }

  private settle(queue: InProcessQueue, consumer: InProcessConsumer, message: QueuedMessage, error: unknown): void {
    if (error !== undefined) {
      if (isRejectMessage(error)) {
        this.deadLetter(queue, message, `rejected by the handler: ${errorText(error)}`);
      } else if (message.deliveryCount >= queue.maxDeliveries) {
        this.deadLetter(queue, message, `handler failed on all ${message.deliveryCount} deliveries; last error: ${errorText(error)}`);
      } else {
        queue.messages.unshift(message);
      }
    }
    consumer.settled();
    this.released(queue, 1);
  }

  /** `count` messages of the queue were settled by their consumer (or given back to the queue). */
  private released(queue: InProcessQueue, count: number): void {
    this.inFlight -= count;
    if (this.inFlight === 0 && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
    // Already outside publish (in a handler's promise callback): deliver the next ones straight away.
    if (queue.messages.length > 0) this.pump(queue);
  }

  private deadLetter(queue: InProcessQueue, message: QueuedMessage, reason: string): void {
    const { publication } = message;
    queue.deadLetters.push({
      queue: queue.name,
      routingKey: publication.routingKey,
      reason,
      body: publication.body ?? encodeEnvelope(publication.envelope as Envelope),
      deliveryCount: message.deliveryCount,
    });
  }

  private countDelivery(): void {
    this.deliveriesThisTurn += 1;
    if (!this.turnResetScheduled) {
      this.turnResetScheduled = true;
      setImmediate(() => {
        this.turnResetScheduled = false;
        this.deliveriesThisTurn = 0;
      });
    }
  }
}
