// Watches what a run puts on the bus from the consumer side: bars and data
// quality findings consumed, per symbol. It listens on a queue named after the
// run, so messages left over from an earlier or killed run (in a durable
// broker queue) cannot be counted.
import { isMessage, patterns } from '@trading/contracts';
import type { ConsumerHandle, DeliveredMessage, MessageBus } from '@trading/messaging';

export interface SymbolFlow {
  barsConsumed: number;
  findingsConsumed: number;
  /** Bars that arrived with a start time not after the previous bar of the same symbol and timeframe. */
  outOfOrder: number;
}

export class FlowMonitor {
  private readonly flows = new Map<string, SymbolFlow>();
  private readonly lastBarTime = new Map<string, number>();
  private handle: ConsumerHandle | undefined;
  private waiters: Array<() => void> = [];

  constructor(readonly queue: string) {}

  async start(bus: MessageBus): Promise<void> {
    this.handle = await bus.consume({
      queue: this.queue,
      bindings: [patterns.marketBars(), patterns.dataQuality()],
      prefetch: 256,
      temporary: true,
      handler: async (message) => this.record(message),
    });
  }

  flow(symbol: string): SymbolFlow {
    let flow = this.flows.get(symbol);
    if (!flow) {
      flow = { barsConsumed: 0, findingsConsumed: 0, outOfOrder: 0 };
      this.flows.set(symbol, flow);
    }
    return flow;
  }

  symbols(): string[] {
    return [...this.flows.keys()].sort();
  }

  /** Resolves once `done()` holds, re-checked after every consumed message, or rejects after `timeoutMs`. */
  async waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
    if (done()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
        reject(new Error(`the run's consumer did not receive every published message within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = (): void => {
        if (!done()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
        resolve();
      };
      this.waiters.push(check);
    });
  }

  /** Calls `listener` once, after the message that brings the bars consumed, all symbols together, to `count`. */
  onceBarsConsumed(count: number, listener: () => void): void {
    const total = (): number => [...this.flows.values()].reduce((sum, flow) => sum + flow.barsConsumed, 0);
    if (total() >= count) {
      listener();
      return;
    }
    const check = (): void => {
      if (total() < count) return;
      this.waiters = this.waiters.filter((waiter) => waiter !== check);
      listener();
    };
    this.waiters.push(check);
  }

  async stop(): Promise<void> {
    await this.handle?.cancel();
    this.handle = undefined;
  }

  private record(message: DeliveredMessage): void {
    const envelope = message.envelope;
    if (isMessage(envelope, 'market.bar')) {
      const bar = envelope.payload;
      const flow = this.flow(bar.symbol);
      flow.barsConsumed += 1;
      const key = `${bar.symbol}.${bar.timeframe}`;
      const previous = this.lastBarTime.get(key);
      if (previous !== undefined && bar.time <= previous) flow.outOfOrder += 1;
      this.lastBarTime.set(key, bar.time);
    } else if (isMessage(envelope, 'market.data-quality')) {
      this.flow(envelope.payload.symbol).findingsConsumed += 1;
    }
    for (const waiter of [...this.waiters]) waiter();
  }
}
