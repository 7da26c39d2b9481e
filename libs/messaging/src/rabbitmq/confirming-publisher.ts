// Publishes over a ConfirmChannel with a bounded number of unconfirmed
// messages, and keeps every unconfirmed message until the broker confirms it,
// so that after a lost connection the bus can re-publish exactly the messages
// whose fate is unknown. A publish's promise settles only on the broker's
// answer: confirmed, nacked, or returned as unroutable (`mandatory`).
// Publishes beyond the window wait in a FIFO (backpressure: the caller's
// promise settles later) and go out as confirms free slots.
import type { ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { PublishRejected } from '../message-bus.port';

interface PendingPublish {
  readonly exchange: string;
  readonly routingKey: string;
  readonly content: Buffer;
  readonly options: Options.Publish;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  settled: boolean;
  /** Times handed to a channel; above 1 means re-published after a lost channel. */
  sends: number;
}

// amqplib fails every outstanding confirm callback with this message when the
// channel closes: the message's fate is unknown, not refused.
const CHANNEL_CLOSED = 'channel closed';

export class ConfirmingPublisher {
  private channel: ConfirmChannel | null = null;
  /** Admitted to the window: sent, or waiting for a channel. Insertion order is the re-publish order. */
  private readonly inWindow = new Set<PendingPublish>();
  /** Accepted but not yet admitted (the window was full); `waitingHead` avoids O(n) shifts. */
  private waiting: PendingPublish[] = [];
  private waitingHead = 0;
  /** basic.return arrives before the confirm of the same message: remembered here until that confirm. */
  private readonly returned = new Map<string, string>();
  private acceptingNew = true;
  private drainWaiters: Array<() => void> = [];
  private republishedCount = 0;

  constructor(private readonly windowSize: number) {
    if (!Number.isInteger(windowSize) || windowSize < 1) throw new RangeError(`confirm window must be an integer >= 1, got ${windowSize}`);
  }

  /** Messages admitted to the confirm window and not yet confirmed (at most the window size). */
  get unconfirmed(): number {
    return this.inWindow.size;
  }

  /** Messages accepted but waiting for a free slot in the window. */
  get queued(): number {
    return this.waiting.length - this.waitingHead;
  }

  /** Messages sent again because the channel they went out on was lost before their confirm. */
  get republished(): number {
    return this.republishedCount;
  }

  /** Uses `channel` from now on and re-publishes, in order, every message not yet confirmed. */
  attach(channel: ConfirmChannel): void {
    this.channel = channel;
    this.returned.clear();
    channel.on('return', (message: ConsumeMessage) => this.onReturn(message));
    for (const entry of this.inWindow) this.send(entry);
  }

  /** The channel is gone; unconfirmed messages wait for the next `attach`. */
  detach(): void {
    this.channel = null;
  }

  publish(exchange: string, routingKey: string, content: Buffer, options: Options.Publish): Promise<void> {
    if (!this.acceptingNew) return Promise.reject(new Error(`cannot publish to ${routingKey}: the bus is closing`));
    if (!options.messageId) return Promise.reject(new Error('every publish needs a messageId (returns are matched by it)'));
    return new Promise<void>((resolve, reject) => {
      const entry: PendingPublish = { exchange, routingKey, content, options, resolve, reject, settled: false, sends: 0 };
      if (this.inWindow.size < this.windowSize) this.admit(entry);
      else this.waiting.push(entry);
    });
  }

  /** No new publishes from now on; those already accepted still complete. */
  stopAccepting(): void {
    this.acceptingNew = false;
  }

  /** Resolves once every accepted publish is settled. */
  drained(): Promise<void> {
    if (this.inWindow.size === 0 && this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Fails every unsettled publish (the bus gave up waiting for the broker). */
  abandon(reason: string): void {
    const waiting = this.waiting.slice(this.waitingHead);
    this.waiting = [];
    this.waitingHead = 0;
    for (const entry of [...this.inWindow, ...waiting]) this.settle(entry, new Error(`publish to ${entry.routingKey} not confirmed: ${reason}`));
  }

  private admit(entry: PendingPublish): void {
    this.inWindow.add(entry);
    this.send(entry);
  }

  private send(entry: PendingPublish): void {
    const channel = this.channel;
    if (!channel) return;
    try {
      channel.publish(entry.exchange, entry.routingKey, entry.content, entry.options, (error) => this.onConfirm(entry, channel, error));
    } catch {
      // The channel closed under us; the entry stays in the window and goes out again on the next attach.
      return;
    }
    if (entry.sends++ > 0) this.republishedCount++;
  }

  private onConfirm(entry: PendingPublish, channel: ConfirmChannel, error: unknown): void {
    if (entry.settled) return;
    if (error) {
      // A closed channel says nothing about the message: keep it for re-publishing.
      if (channel !== this.channel || (error instanceof Error && error.message === CHANNEL_CLOSED)) return;
      this.settle(entry, new PublishRejected(entry.routingKey, 'nacked by the broker'));
      return;
    }
    if (this.returned.size > 0) {
      const key = returnKey(entry.options.messageId as string, entry.routingKey);
      const reason = this.returned.get(key);
      if (reason !== undefined) {
        this.returned.delete(key);
        this.settle(entry, new PublishRejected(entry.routingKey, `returned as unroutable (${reason})`));
        return;
      }
    }
    this.settle(entry, null);
  }

  private onReturn(message: ConsumeMessage): void {
    const messageId = message.properties.messageId as string | undefined;
    if (!messageId) return;
    const fields = message.fields as unknown as { replyText?: string; replyCode?: number; routingKey: string };
    this.returned.set(returnKey(messageId, fields.routingKey), `${fields.replyCode ?? 312} ${fields.replyText ?? 'NO_ROUTE'}`);
  }

  private settle(entry: PendingPublish, error: Error | null): void {
    entry.settled = true;
    if (this.inWindow.delete(entry)) this.admitNext();
    if (error) entry.reject(error);
    else entry.resolve();
    if (this.drainWaiters.length > 0 && this.inWindow.size === 0 && this.queued === 0) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const waiter of waiters) waiter();
    }
  }

  private admitNext(): void {
    if (this.waitingHead >= this.waiting.length) return;
    const next = this.waiting[this.waitingHead++];
    if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.waitingHead);
      this.waitingHead = 0;
    }
    this.admit(next);
  }
}

function returnKey(messageId: string, routingKey: string): string {
  return `${messageId}\u0000${routingKey}`;
}
