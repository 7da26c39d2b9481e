// Fixed-capacity ring buffer of the last n values: the storage behind every
// windowed indicator. Pushing never allocates; it hands back the value that
// fell out so callers can keep running sums in O(1).
export class RollingWindow {
  private readonly buffer: Float64Array;
  /** Slot the next value goes into; 0 right after the window wrapped. */
  private head = 0;
  private filled = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`window capacity must be an integer >= 1, got ${capacity}`);
    this.buffer = new Float64Array(capacity);
  }

  /** Adds `value`; returns the value it displaced, or NaN while the window is filling. */
  push(value: number): number {
    const leaving = this.filled === this.capacity ? this.buffer[this.head] : Number.NaN;
    this.buffer[this.head] = value;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    if (this.filled < this.capacity) this.filled++;
    return leaving;
  }

  get size(): number {
    return this.filled;
  }

  get full(): boolean {
    return this.filled === this.capacity;
  }

  /** True right after a push that completed a full turn of the ring. */
  get wrapped(): boolean {
    return this.head === 0 && this.filled === this.capacity;
  }

  /** The value `age` pushes ago (0 = newest). */
  at(age: number): number {
    let index = this.head - 1 - age;
    if (index < 0) index += this.capacity;
    return this.buffer[index];
  }

  /** Sum of the stored values, oldest first (the order TA-Lib adds them in). */
  sum(): number {
    let total = 0;
    for (let age = this.filled - 1; age >= 0; age--) total += this.at(age);
    return total;
  }
}
