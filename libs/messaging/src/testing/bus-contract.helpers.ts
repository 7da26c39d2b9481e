// Helpers for the bus contract suite: unique names (the suite also runs on a
// RabbitMQ server shared with other tests), valid test messages, polling.
import { MessageFactory, parseRoutePattern, parseTopic, type Envelope, type MessageEnvelope, type RoutePattern, type Topic } from '@trading/contracts';
import { ManualClock, SeededRandom } from '@trading/domain';
import type { DeadLetter, MessageBus } from '../message-bus.port';

let sequence = 0;

/** A routing-key word unique to this process and call: keeps parallel runs on one broker apart. */
export function uniqueWord(prefix: string): string {
  sequence += 1;
  return `${prefix}${process.pid.toString(36)}x${Date.now().toString(36)}x${sequence.toString(36)}`;
}

export function topic(text: string): Topic {
  return parseTopic(text);
}

export function pattern(text: string): RoutePattern {
  return parseRoutePattern(text);
}

/** Builds valid `signal` envelopes whose barTime encodes their sequence number. */
export class SignalBuilder {
  private readonly factory: MessageFactory;
  private count = 0;

  constructor(
    private readonly strategy: string,
    seed = 7,
  ) {
    this.factory = new MessageFactory({ clock: new ManualClock(1_700_000_000_000), random: new SeededRandom(seed), producer: 'bus-contract' });
  }

  next(symbol = 'EURUSD'): MessageEnvelope<'signal'> {
    const index = this.count;
    this.count += 1;
    return this.factory.create('signal', {
      strategy: this.strategy,
      symbol,
      timeframe: 'H1',
      barTime: 1_700_000_000_000 + index * 3_600_000,
      side: 'buy',
      strength: 0.5,
      confidence: 0.25,
      reason: `contract-suite message ${index}`,
    });
  }
}

export interface WaitOptions {
  readonly timeoutMs: number;
}

export async function eventually(condition: () => boolean, what: string, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `takeDeadLetters` until `count` dead letters of `queue` were collected. */
export async function collectDeadLetters(bus: MessageBus, queue: string, count: number, options: WaitOptions): Promise<DeadLetter[]> {
  const collected: DeadLetter[] = [];
  const deadline = Date.now() + options.timeoutMs;
  while (collected.length < count) {
    collected.push(...(await bus.takeDeadLetters(queue)));
    if (collected.length >= count) break;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${count} dead letter(s) on ${queue}, got ${collected.length}`);
    }
    await sleep(10);
  }
  return collected;
}

/** A promise with its resolver, to hold a handler open until the test lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

export function ids(envelopes: readonly Envelope[]): string[] {
  return envelopes.map((envelope) => envelope.id);
}
