// The barrier of a lockstep replay: it follows the causation chain of a step
// (a bar, a scheduled command) to its end. Every message seen on the bus is
// owed a receipt (flow.handled) by each lockstep consumer whose queue it is
// routed to; a receipt names what the handling produced, and each of those is
// owed its own receipts once it appears. The step is over when nothing is
// owed: no message waits for a consumer, and no produced message is still
// unseen. Receipts and sightings may arrive in either order (the tap and the
// consumers are separate queues, over RabbitMQ separate processes), so both
// are kept until they meet. Pure: the coordinator feeds it what the tap sees.
import { topicMatches, type MessageHandled } from '@trading/contracts';

export interface LockstepConsumer {
  /** The consumer's queue, as its receipts name it. */
  readonly queue: string;
  /** The patterns the queue is bound with. */
  readonly bindings: readonly string[];
}

export class CausalBarrier {
  /** Seen messages → consumers whose receipt is still owed. */
  private readonly waiting = new Map<string, Set<string>>();
  /** Receipts for messages not seen yet → the consumers that sent them. */
  private readonly early = new Map<string, Set<string>>();
  /** Produced messages named by a receipt and not seen yet. */
  private readonly expected = new Set<string>();
  /** Every id seen: kept for the whole replay (a redelivery after its step must not look new); ids are small. */
  private readonly seen = new Set<string>();
  /** What each consumer said it holds in its latest receipt. */
  private readonly held = new Map<string, number>();
  private readonly routes = new Map<string, readonly string[]>();

  constructor(private readonly consumers: readonly LockstepConsumer[]) {
    if (consumers.length === 0) throw new RangeError('a lockstep barrier needs at least one consumer');
    const queues = new Set<string>();
    for (const consumer of consumers) {
      if (queues.has(consumer.queue)) throw new RangeError(`lockstep consumer ${consumer.queue} is listed twice`);
      queues.add(consumer.queue);
    }
  }

  /** A message appeared on the bus on `topic`. */
  published(id: string, topic: string): void {
    if (this.seen.has(id)) return; // a redelivery to the tap, or a republished message
    this.seen.add(id);
    this.expected.delete(id);
    const owed = new Set(this.consumersOf(topic));
    const receipted = this.early.get(id);
    if (receipted !== undefined) {
      for (const queue of receipted) owed.delete(queue);
      this.early.delete(id);
    }
    if (owed.size > 0) this.waiting.set(id, owed);
  }

  /** A consumer's receipt arrived. */
  handled(receipt: MessageHandled): void {
    this.held.set(receipt.consumer, receipt.held);
    for (const id of receipt.produced) if (!this.seen.has(id)) this.expected.add(id);
    const owed = this.waiting.get(receipt.messageId);
    if (owed !== undefined) {
      owed.delete(receipt.consumer);
      if (owed.size === 0) this.waiting.delete(receipt.messageId);
      return;
    }
    if (this.seen.has(receipt.messageId)) return; // a duplicate receipt (a redelivered message handled again)
    let early = this.early.get(receipt.messageId);
    if (early === undefined) this.early.set(receipt.messageId, (early = new Set()));
    early.add(receipt.consumer);
  }

  /** Whether the tap has seen message `id`. */
  hasSeen(id: string): boolean {
    return this.seen.has(id);
  }

  /** Whether message `id` was seen and every consumer it was routed to has handled it (what it caused aside). */
  handledByAll(id: string): boolean {
    return this.seen.has(id) && !this.waiting.has(id);
  }

  /** True when nothing is owed: the step's causation chain has ended. */
  settled(): boolean {
    return this.waiting.size === 0 && this.expected.size === 0 && this.early.size === 0;
  }

  /** Consumers whose latest receipt said they hold messages for a release. */
  holding(): string[] {
    return [...this.held].filter(([, count]) => count > 0).map(([queue]) => queue);
  }

  /** What is still owed, for the error of a step that never settles. */
  describe(): string {
    const parts: string[] = [];
    for (const [id, owed] of this.waiting) parts.push(`${id} awaits ${[...owed].join(', ')}`);
    for (const id of this.expected) parts.push(`${id} was produced but never seen on the bus`);
    for (const [id, queues] of this.early) parts.push(`${[...queues].join(', ')} handled ${id}, never seen on the bus`);
    return parts.length === 0 ? 'nothing is owed' : parts.slice(0, 10).join('; ') + (parts.length > 10 ? ` (and ${parts.length - 10} more)` : '');
  }

  private consumersOf(topic: string): readonly string[] {
    let queues = this.routes.get(topic);
    if (queues === undefined) {
      queues = this.consumers.filter((consumer) => consumer.bindings.some((pattern) => topicMatches(pattern, topic))).map((consumer) => consumer.queue);
      this.routes.set(topic, queues);
    }
    return queues;
  }
}
