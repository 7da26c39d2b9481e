// The last N closes of every symbol of a backtest, kept only at the times all
// of them closed a bar (aligned rows), as the return history VaR and
// correlation are measured on. A row whose time some symbol skipped is dropped,
// so the returns of all symbols always cover the same intervals.
import { ReturnHistory } from '../measures/return-history';

export class AlignedClosesWindow {
  private readonly closes: Float64Array[];
  private readonly pending: Float64Array;
  private readonly seen: Uint8Array;
  private pendingTime = Number.NEGATIVE_INFINITY;
  private pendingCount = 0;
  private head = 0;
  private count = 0;
  private cached: ReturnHistory | null = null;
  private dirty = false;

  /** `capacity` closes are kept per symbol (capacity − 1 returns). */
  constructor(
    readonly symbols: readonly string[],
    readonly capacity: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 2) throw new RangeError(`the close window needs a whole capacity >= 2, got ${capacity}`);
    if (symbols.length === 0) throw new RangeError('the close window needs at least one symbol');
    this.closes = symbols.map(() => new Float64Array(capacity));
    this.pending = new Float64Array(symbols.length);
    this.seen = new Uint8Array(symbols.length);
  }

  /** Aligned rows kept (at most `capacity`). */
  get rows(): number {
    return this.count;
  }

  /** The bar of symbol `slot` closed at `time`; bars arrive in time order. */
  push(slot: number, time: number, close: number): void {
    if (time !== this.pendingTime) {
      this.pendingTime = time;
      this.pendingCount = 0;
      this.seen.fill(0);
    }
    if (this.seen[slot] === 0) {
      this.seen[slot] = 1;
      this.pendingCount++;
    }
    this.pending[slot] = close;
    if (this.pendingCount === this.symbols.length) this.commit();
  }

  /** Returns of the kept rows, oldest first; null until two rows exist. Rebuilt only after a new row. */
  history(): ReturnHistory | null {
    if (!this.dirty) return this.cached;
    this.dirty = false;
    if (this.count < 2) return (this.cached = null);
    const series: Record<string, Float64Array> = {};
    const start = (this.head - this.count + this.capacity) % this.capacity;
    this.symbols.forEach((symbol, slot) => {
      const ring = this.closes[slot];
      const ordered = new Float64Array(this.count);
      for (let k = 0; k < this.count; k++) ordered[k] = ring[(start + k) % this.capacity];
      series[symbol] = ordered;
    });
    return (this.cached = ReturnHistory.fromCloses(series));
  }

  private commit(): void {
    for (let slot = 0; slot < this.symbols.length; slot++) this.closes[slot][this.head] = this.pending[slot];
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
    this.dirty = true;
    // The row is complete: a repeat of the same time must not commit it twice.
    this.pendingCount = Number.NEGATIVE_INFINITY;
  }
}
