// Hands each published quote to the LatestQuotes store without holding up the
// publisher: per symbol at most one write is in flight, and quotes arriving
// meanwhile collapse into the newest, written next. A replay at full speed
// thus costs one Redis write per symbol per round trip rather than one per
// bar, and the store still ends on the last quote. A store that fails (Redis
// down) is reported and skipped: the quotes are on the bus all the same.
import type { Quote, Timeframe } from '@trading/domain';
import { quoteTtlMs, type LatestQuotes } from './latest-quotes.port';

export interface LatestQuoteWriterOptions {
  /** MARKET_DATA_QUOTE_TTL, ms; unset: a few bars of the quote's timeframe. */
  readonly ttlMs?: number;
  readonly onError: (symbol: string, error: unknown) => void;
}

interface Pending {
  readonly quote: Quote;
  readonly ttlMs: number;
}

export class LatestQuoteWriter {
  private readonly pending = new Map<string, Pending>();
  private readonly writing = new Map<string, Promise<void>>();

  constructor(
    private readonly store: LatestQuotes,
    private readonly options: LatestQuoteWriterOptions,
  ) {}

  /** Queues `quote` (from a `timeframe` bar) as its symbol's latest; returns at once. */
  offer(quote: Quote, timeframe: Timeframe): void {
    const symbol = quote.symbol;
    this.pending.set(symbol, { quote, ttlMs: quoteTtlMs(timeframe, this.options.ttlMs) });
    if (this.writing.has(symbol)) return;
    // .finally runs in a later microtask, so the entry is always set before it is removed.
    this.writing.set(
      symbol,
      this.drain(symbol).finally(() => this.writing.delete(symbol)),
    );
  }

  /** Resolves once every quote offered so far is written (or reported as failed). */
  async flush(): Promise<void> {
    while (this.writing.size > 0) await Promise.all(this.writing.values());
  }

  private async drain(symbol: string): Promise<void> {
    for (let next = this.pending.get(symbol); next !== undefined; next = this.pending.get(symbol)) {
      this.pending.delete(symbol);
      try {
        await this.store.put(next.quote, next.ttlMs);
      } catch (error) {
        this.options.onError(symbol, error);
      }
    }
  }
}
