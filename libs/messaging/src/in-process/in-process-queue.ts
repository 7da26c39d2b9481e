// State of one queue of the in-process bus: its bindings, its waiting
// messages, its consumers and its dead letters. Queue arguments (delivery
// limit, single active consumer) are fixed by the first consumer, as a
// RabbitMQ queue's arguments are fixed when it is declared.
import { compilePattern, matchWords, type CompiledPattern, type Envelope } from '@trading/contracts';
import type { ConsumerSpec, DeadLetter } from '../message-bus.port';
import { MessageDeque } from './message-deque';

/** One published message, shared by the queues it was routed to. */
export interface Publication {
  readonly routingKey: string;
  /** Set when the message decoded and validated. */
  readonly envelope: Envelope | undefined;
  /** Raw body for publishRaw; envelopes are encoded only if they end up dead-lettered. */
  readonly body: string | undefined;
  /** Why the message is invalid; such messages are dead-lettered on delivery. */
  readonly invalidReason: string | undefined;
}

/** A publication's copy in one queue (each queue counts its own deliveries). */
export interface QueuedMessage {
  readonly publication: Publication;
  deliveryCount: number;
}

/** What a queue needs of its consumers, per-message or batch. */
export interface QueueConsumer {
  readonly inFlight: number;
  cancelled: boolean;
  hasCapacity(): boolean;
  /** Resolves once the consumer holds no message any more. */
  drained(): Promise<void>;
}

export class InProcessConsumer implements QueueConsumer {
  inFlight = 0;
  cancelled = false;
  private drainWaiters: (() => void)[] = [];

  constructor(
    readonly spec: ConsumerSpec,
    readonly prefetch: number,
  ) {}

  hasCapacity(): boolean {
    return !this.cancelled && this.inFlight < this.prefetch;
  }

  /** Resolves once no handler of this consumer is running. */
  drained(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  settled(): void {
    this.inFlight -= 1;
    if (this.inFlight === 0 && this.drainWaiters.length > 0) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}

export class InProcessQueue {
  readonly messages = new MessageDeque<QueuedMessage>();
  readonly consumers: QueueConsumer[] = [];
  readonly deadLetters: DeadLetter[] = [];
  private readonly bindings = new Map<string, CompiledPattern>();
  private nextConsumer = 0;
  /** True while a delivery pass for this queue is scheduled. */
  scheduled = false;

  constructor(
    readonly name: string,
    readonly maxDeliveries: number,
    readonly singleActiveConsumer: boolean,
  ) {}

  /** Returns true when the binding is new. */
  bind(pattern: string): boolean {
    if (this.bindings.has(pattern)) return false;
    this.bindings.set(pattern, compilePattern(pattern));
    return true;
  }

  matches(topicWords: readonly string[]): boolean {
    for (const pattern of this.bindings.values()) if (matchWords(pattern, topicWords)) return true;
    return false;
  }

  /** The consumer that should get the next message, or undefined when none can take one. */
  pickConsumer(): QueueConsumer | undefined {
    const count = this.consumers.length;
    if (count === 0) return undefined;
    if (this.singleActiveConsumer) {
      const active = this.consumers[0];
      return active.hasCapacity() ? active : undefined;
    }
    for (let tried = 0; tried < count; tried += 1) {
      const index = (this.nextConsumer + tried) % count;
      const consumer = this.consumers[index];
      if (consumer.hasCapacity()) {
        this.nextConsumer = (index + 1) % count;
        return consumer;
      }
    }
    return undefined;
  }

  remove(consumer: QueueConsumer): void {
    const index = this.consumers.indexOf(consumer);
    if (index >= 0) this.consumers.splice(index, 1);
    if (this.nextConsumer >= this.consumers.length) this.nextConsumer = 0;
  }
}

/** The queue named by a consumer spec: its first consumer creates it and fixes its arguments; later ones must repeat them. */
export function declareQueue(queues: Map<string, InProcessQueue>, name: string, maxDeliveries: number, singleActive: boolean): InProcessQueue {
  let queue = queues.get(name);
  if (queue === undefined) {
    queue = new InProcessQueue(name, maxDeliveries, singleActive);
    queues.set(name, queue);
  } else if (queue.maxDeliveries !== maxDeliveries || queue.singleActiveConsumer !== singleActive) {
    throw new Error(
      `queue ${name} was declared with maxDeliveries ${queue.maxDeliveries} and singleActiveConsumer ${queue.singleActiveConsumer}, ` +
        `not ${maxDeliveries} and ${singleActive}`,
    );
  }
  return queue;
}

export function positiveInt(value: number, name: string, queue: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} of queue ${queue} must be an integer ≥ 1, got ${value}`);
  return value;
}
