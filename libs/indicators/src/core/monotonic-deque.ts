// Sliding-window maximum (or minimum) in amortised O(1): a deque of candidate
// values, each larger (smaller) than every later one. Backed by fixed arrays of
// the window's size, so updates never allocate.
export class MonotonicDeque {
  private readonly values: Float64Array;
  private readonly stamps: Float64Array;
  private front = 0;
  private length = 0;
  private count = 0;

  /** `keepMax` true tracks the window maximum, false the minimum. */
  constructor(
    readonly window: number,
    private readonly keepMax: boolean,
  ) {
    if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be an integer >= 1, got ${window}`);
    this.values = new Float64Array(window);
    this.stamps = new Float64Array(window);
  }

  /** Adds `value` and returns the extreme of the last `window` values pushed. */
  push(value: number): number {
    const capacity = this.window;
    const stamp = this.count++;
    // Drop candidates that can no longer be the extreme: `value` outlives them and beats or ties them.
    while (this.length > 0) {
      let back = this.front + this.length - 1;
      if (back >= capacity) back -= capacity;
      const candidate = this.values[back];
      if (this.keepMax ? candidate > value : candidate < value) break;
      this.length--;
    }
    if (this.length > 0 && this.stamps[this.front] <= stamp - capacity) {
      this.front = this.front + 1 === capacity ? 0 : this.front + 1;
      this.length--;
    }
    let slot = this.front + this.length;
    if (slot >= capacity) slot -= capacity;
    this.values[slot] = value;
    this.stamps[slot] = stamp;
    this.length++;
    return this.values[this.front];
  }

  /** Number of values pushed so far. */
  get pushed(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count >= this.window;
  }

  /** Extreme of the current window (NaN before the first push). */
  get extreme(): number {
    return this.length === 0 ? Number.NaN : this.values[this.front];
  }
}
