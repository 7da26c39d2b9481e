// The last bars of one feed, oldest first, in fixed memory: what a strategy
// whose parameters change is rebuilt from, so its new indicators start warm.
import type { Bar } from '@trading/domain';

export class BarRing {
  private readonly time: Float64Array;
  private readonly open: Float64Array;
  private readonly high: Float64Array;
  private readonly low: Float64Array;
  private readonly close: Float64Array;
  private readonly volume: Float64Array;
  private readonly spread: Float64Array;
  /** Slot the next bar goes to. */
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`a bar ring holds a whole number of bars ≥ 0, got ${capacity}`);
    this.time = new Float64Array(capacity);
    this.open = new Float64Array(capacity);
    this.high = new Float64Array(capacity);
    this.low = new Float64Array(capacity);
    this.close = new Float64Array(capacity);
    this.volume = new Float64Array(capacity);
    this.spread = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(bar: Bar): void {
    if (this.capacity === 0) return;
    const i = this.next;
    this.time[i] = bar.time;
    this.open[i] = bar.open;
    this.high[i] = bar.high;
    this.low[i] = bar.low;
    this.close[i] = bar.close;
    this.volume[i] = bar.volume;
    this.spread[i] = bar.spread;
    this.next = (i + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** Calls `visit` with each bar kept, oldest first (one reused object: copy what you keep). */
  forEach(symbol: string, timeframe: Bar['timeframe'], visit: (bar: Bar) => void): void {
    const bar = { symbol, timeframe, time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0, spread: 0 };
    const first = (this.next - this.count + this.capacity) % Math.max(this.capacity, 1);
    for (let k = 0; k < this.count; k++) {
      const i = (first + k) % this.capacity;
      bar.time = this.time[i];
      bar.open = this.open[i];
      bar.high = this.high[i];
      bar.low = this.low[i];
      bar.close = this.close[i];
      bar.volume = this.volume[i];
      bar.spread = this.spread[i];
      visit(bar);
    }
  }
}
