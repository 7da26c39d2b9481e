// The typical gap between a bar's close and the next bar's open, per symbol:
// the mean absolute gap over the last `size` bars. A market order decided at a
// close fills at the next open, so this is part of the price it can really
// fill at. Plain numbers, allocation-free per bar.
export class GapWindow {
  private readonly gaps: Float64Array;
  private head = 0;
  private count = 0;
  private sum = 0;
  private lastClose = Number.NaN;

  constructor(readonly size = 100) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`the gap window needs a whole size >= 1, got ${size}`);
    this.gaps = new Float64Array(size);
  }

  /** A bar opened at `open` and closed at `close`. */
  push(open: number, close: number): void {
    const previous = this.lastClose;
    this.lastClose = close;
    if (previous !== previous) return;
    const gap = Math.abs(open - previous);
    if (this.count === this.size) this.sum -= this.gaps[this.head];
    else this.count++;
    this.gaps[this.head] = gap;
    this.sum += gap;
    this.head = (this.head + 1) % this.size;
  }

  /** Mean absolute gap of the bars seen (0 before the second bar). */
  get mean(): number {
    return this.count === 0 ? 0 : Math.max(0, this.sum / this.count);
  }
}
