// The bar cache of the embedded mode: a Map kept in least-recently-used order
// (a read moves an entry to the end), bounded by entries and by total bars,
// with expiry read from the injected clock.
import type { Bar, Clock, Quote } from '@trading/domain';
import type { BarRequest } from '../sources/market-data-source.port';
import { DEFAULT_BAR_CACHE_TTL, type BarCacheTtl } from './bar-cache.port';
import { CacheAsideBarCache } from './cache-aside.bar-cache';

export interface InMemoryBarCacheOptions {
  readonly ttl?: BarCacheTtl;
  /** Most windows and quotes kept at once. */
  readonly maxEntries?: number;
  /** Most bars kept at once across all windows. */
  readonly maxBars?: number;
}

interface Entry {
  readonly value: readonly Bar[] | Quote;
  readonly bars: number;
  readonly expiresAt: number;
}

export class InMemoryBarCache extends CacheAsideBarCache {
  private readonly entries = new Map<string, Entry>();
  private barCount = 0;
  private readonly maxEntries: number;
  private readonly maxBars: number;

  constructor(clock: Clock, options: InMemoryBarCacheOptions = {}) {
    super(options.ttl ?? DEFAULT_BAR_CACHE_TTL, clock);
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxBars = options.maxBars ?? 5_000_000;
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) throw new RangeError(`maxEntries must be an integer >= 1, got ${this.maxEntries}`);
    if (!Number.isInteger(this.maxBars) || this.maxBars < 1) throw new RangeError(`maxBars must be an integer >= 1, got ${this.maxBars}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get bars(): number {
    return this.barCount;
  }

  protected async readBars(key: string, _request: BarRequest): Promise<readonly Bar[] | undefined> {
    const value = this.read(key);
    return Array.isArray(value) ? (value as readonly Bar[]) : undefined;
  }

  protected async writeBars(key: string, bars: readonly Bar[], ttlMs: number): Promise<void> {
    // A window larger than the whole bound would only evict everything else and then itself.
    if (bars.length > this.maxBars) return;
    this.write(key, { value: Object.freeze([...bars]), bars: bars.length, expiresAt: this.clock.now() + ttlMs });
  }

  protected async readQuote(key: string): Promise<Quote | undefined> {
    const value = this.read(key);
    return value !== undefined && !Array.isArray(value) ? (value as Quote) : undefined;
  }

  protected async writeQuote(key: string, quote: Quote, ttlMs: number): Promise<void> {
    this.write(key, { value: Object.freeze({ ...quote }), bars: 0, expiresAt: this.clock.now() + ttlMs });
  }

  protected async remove(key: string): Promise<void> {
    this.delete(key);
  }

  protected async removeByPrefix(prefix: string): Promise<void> {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.delete(key);
  }

  private read(key: string): Entry['value'] | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.clock.now() >= entry.expiresAt) {
      this.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  private write(key: string, entry: Entry): void {
    this.delete(key);
    this.entries.set(key, entry);
    this.barCount += entry.bars;
    while (this.entries.size > this.maxEntries || this.barCount > this.maxBars) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
    }
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.barCount -= entry.bars;
  }
}
