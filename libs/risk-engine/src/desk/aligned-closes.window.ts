// The last N closes of the live symbols of a run, kept only at the times all
// of them closed a bar (aligned rows), as the return history VaR and
// correlation are measured on. A row whose time some live symbol skipped is
// dropped, so the returns of all symbols always cover the same intervals.
//
// Live symbols: those whose feed has started (a first bar) and not ended
// (`retire`, decided by the market-state tracker from the feed's silence). A
// symbol that has no price yet, or no longer has one, can neither hold a new
// position nor be measured, so it must not stop the others from aligning.
// One invariant keeps every measure exact: every kept row holds a close of
// every live symbol.
// - A symbol that joins (its first bar, or its first after its feed ended)
//   drops the kept rows it has no close in. On a first bar that is every row:
//   the alignment restarts over the new live set, and the rules see
//   INSUFFICIENT_HISTORY until enough rows have formed again (honest: nothing
//   says how the newcomer moved with the others before it traded). On a return
//   it is the rows formed in its absence, as if those times had been ordinary
//   gaps: the next return of every symbol spans them.
// - A symbol that ends leaves the live set and the history; the rows stay, as
//   every other live symbol closed a bar in each of them.
// Why not align each measure on its own symbols' common rows instead: one
// history per bar is what the rules read, and dropping rows keeps it one
// matrix of equal-length series with no per-decision re-alignment.
import { ReturnHistory } from '../measures/return-history';

export class AlignedClosesWindow {
  /** Per symbol, a ring of closes by row; NaN where the symbol was not live. */
  private readonly closes: Float64Array[];
  private readonly pending: Float64Array;
  private readonly seen: Uint8Array;
  private readonly live: Uint8Array;
  private liveCount = 0;
  private pendingTime = Number.NEGATIVE_INFINITY;
  /** Live symbols that closed a bar at pendingTime. */
  private pendingLive = 0;
  /** The row at pendingTime is the newest kept row. */
  private committed = false;
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
    this.live = new Uint8Array(symbols.length);
  }

  /** Aligned rows kept (at most `capacity`). */
  get rows(): number {
    return this.count;
  }

  /** Whether symbol `slot`'s feed has started and not ended. */
  isLive(slot: number): boolean {
    return this.live[slot] === 1;
  }

  /** The bar of symbol `slot` closed at `time`; bars arrive in time order. */
  push(slot: number, time: number, close: number): void {
    if (time !== this.pendingTime) {
      this.pendingTime = time;
      this.pendingLive = 0;
      this.committed = false;
      this.seen.fill(0);
    }
    this.pending[slot] = close;
    if (this.seen[slot] === 1) return; // a repeat of the same time: a kept row keeps its close
    this.seen[slot] = 1;
    if (this.live[slot] === 0) this.join(slot);
    this.pendingLive++;
    this.commitIfComplete();
  }

  /** Symbol `slot`'s feed has ended: it stops holding the others' rows back and leaves the history. */
  retire(slot: number): void {
    if (this.live[slot] === 0) return;
    this.live[slot] = 0;
    this.liveCount--;
    if (this.seen[slot] === 1) this.pendingLive--;
    this.dirty = true;
    this.commitIfComplete();
  }

  /** Returns of the kept rows over the live symbols, oldest first; null until two rows exist. Rebuilt only after a change. */
  history(): ReturnHistory | null {
    if (!this.dirty) return this.cached;
    this.dirty = false;
    if (this.count < 2 || this.liveCount === 0) return (this.cached = null);
    const series: Record<string, Float64Array> = {};
    const start = (this.head - this.count + this.capacity) % this.capacity;
    this.symbols.forEach((symbol, slot) => {
      if (this.live[slot] === 0) return;
      const ring = this.closes[slot];
      const ordered = new Float64Array(this.count);
      for (let k = 0; k < this.count; k++) ordered[k] = ring[(start + k) % this.capacity];
      series[symbol] = ordered;
    });
    return (this.cached = ReturnHistory.fromCloses(series));
  }

  /** A symbol's feed starts or resumes: the newest rows it has no close in go (all of them on its first bar). */
  private join(slot: number): void {
    this.live[slot] = 1;
    this.liveCount++;
    const ring = this.closes[slot];
    while (this.count > 0) {
      const newest = (this.head - 1 + this.capacity) % this.capacity;
      if (ring[newest] === ring[newest]) break;
      this.head = newest;
      this.count--;
    }
    // A row kept at this time was kept without this symbol (it was not live): it was dropped above and forms again below.
    this.committed = false;
    // The history gains this symbol even when no row went.
    this.dirty = true;
  }

  private commitIfComplete(): void {
    if (this.committed || this.liveCount === 0 || this.pendingLive !== this.liveCount) return;
    for (let slot = 0; slot < this.symbols.length; slot++) this.closes[slot][this.head] = this.live[slot] === 1 ? this.pending[slot] : Number.NaN;
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
    this.dirty = true;
    // The row is complete: a repeat of the same time must not keep it twice.
    this.committed = true;
  }
}
