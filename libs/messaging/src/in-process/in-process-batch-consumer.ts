// A batch consumer of the in-process bus. The bus hands it valid messages up
// to its prefetch; it runs its handler on batches of what it holds, one batch
// at a time, and carries out the verdicts of `judgeBatch`: ack, dead-letter,
// or retry in place, alone, before any later message. It starts a batch on a
// microtask, after the bus's delivery pass, so a batch holds everything that
// pass delivered.
import { judgeBatch, settleBatch, type MessageVerdict } from '../batch-verdicts';
import type { BatchConsumerSpec, DeliveredMessage } from '../message-bus.port';
import type { QueuedMessage } from './in-process-queue';
import { MessageDeque } from './message-deque';

/** What the consumer needs from the bus that owns its queue. */
export interface BatchConsumerHost {
  deadLetter(message: QueuedMessage, reason: string): void;
  /** `count` messages left this consumer (acked, dead-lettered or given back): free their slots. */
  released(count: number): void;
  /** Returns messages to the head of the queue, in this order, for the next consumer. */
  giveBack(messages: readonly QueuedMessage[]): void;
}

interface Held {
  readonly message: QueuedMessage;
  /** A message of a failed batch: it runs as a batch of its own, so a poison message is isolated. */
  alone: boolean;
}

export class InProcessBatchConsumer {
  /** Messages delivered and not yet settled: those waiting for a batch and the running batch. */
  inFlight = 0;
  cancelled = false;
  private readonly held = new MessageDeque<Held>();
  private running = false;
  private scheduled = false;
  private drainWaiters: (() => void)[] = [];

  constructor(
    readonly spec: BatchConsumerSpec,
    readonly prefetch: number,
    readonly maxBatch: number,
    private readonly maxDeliveries: number,
    private readonly host: BatchConsumerHost,
  ) {}

  hasCapacity(): boolean {
    return !this.cancelled && this.inFlight < this.prefetch;
  }

  /** A valid message the bus delivered to this consumer (its delivery already counted). */
  accept(message: QueuedMessage): void {
    this.held.push({ message, alone: false });
    this.inFlight += 1;
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  /** Resolves once nothing is held: the running batch and those delivered after it were handled, or given back. */
  drained(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.held.length > 0) {
        const batch = this.takeBatch();
        const settlement = await settleBatch(() => this.spec.handler(batch.map(toDelivered)));
        const counts = batch.map((held) => held.message.deliveryCount);
        this.carryOut(batch, judgeBatch(counts, this.maxDeliveries, settlement));
      }
    } finally {
      this.running = false;
      if (this.inFlight === 0 && this.drainWaiters.length > 0) {
        const waiters = this.drainWaiters;
        this.drainWaiters = [];
        for (const resolve of waiters) resolve();
      }
    }
  }

  private takeBatch(): Held[] {
    const first = this.held.shift() as Held;
    const batch = [first];
    if (first.alone) return batch;
    while (batch.length < this.maxBatch && this.held.length > 0) batch.push(this.held.shift() as Held);
    return batch;
  }

  private carryOut(batch: readonly Held[], verdicts: readonly MessageVerdict[]): void {
    const retries: Held[] = [];
    let released = 0;
    verdicts.forEach((verdict, index) => {
      const { message } = batch[index];
      if (verdict.kind === 'retry') {
        retries.push(batch[index]);
        return;
      }
      if (verdict.kind === 'rejected') this.host.deadLetter(message, `rejected by the handler: ${verdict.reason}`);
      else if (verdict.kind === 'exhausted') {
        this.host.deadLetter(message, `handler failed on all ${message.deliveryCount} deliveries; last error: ${verdict.error}`);
      }
      released += 1;
    });
    if (retries.length > 0 && this.cancelled) {
      // Stopping: the failed messages and everything held after them go back to the queue, in order,
      // for the next consumer (as a closing channel returns them on RabbitMQ).
      const returned = retries.map((held) => held.message);
      while (this.held.length > 0) returned.push((this.held.shift() as Held).message);
      this.host.giveBack(returned);
      released += returned.length;
    } else {
      for (let index = retries.length - 1; index >= 0; index -= 1) {
        const held = retries[index];
        held.alone = true;
        held.message.deliveryCount += 1;
        this.held.unshift(held);
      }
    }
    this.inFlight -= released;
    // Last: releasing lets the bus deliver more to this consumer straight away.
    if (released > 0) this.host.released(released);
  }
}

function toDelivered(held: Held): DeliveredMessage {
  const { publication, deliveryCount } = held.message;
  // The bus dead-letters invalid messages before they reach a consumer.
  return { envelope: publication.envelope as NonNullable<typeof publication.envelope>, routingKey: publication.routingKey, deliveryCount };
}
