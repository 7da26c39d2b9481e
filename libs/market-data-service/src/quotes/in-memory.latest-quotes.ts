// Latest quotes in memory (the embedded mode): one entry per symbol, expiring
// by the injected clock.
import type { Clock, Quote } from '@trading/domain';
import { assertQuoteTtl, type LatestQuotes } from './latest-quotes.port';

interface Entry {
  readonly quote: Quote;
  readonly expiresAt: number;
}

export class InMemoryLatestQuotes implements LatestQuotes {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: Clock) {}

  async put(quote: Quote, ttlMs: number): Promise<void> {
    assertQuoteTtl(ttlMs);
    const { symbol, time, bid, ask } = quote;
    this.entries.set(symbol, { quote: Object.freeze({ symbol, time, bid, ask }), expiresAt: this.clock.now() + ttlMs });
  }

  async get(symbol: string): Promise<Quote | undefined> {
    const entry = this.entries.get(symbol);
    if (entry === undefined) return undefined;
    if (this.clock.now() >= entry.expiresAt) {
      this.entries.delete(symbol);
      return undefined;
    }
    return entry.quote;
  }
}
