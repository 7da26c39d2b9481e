// Weighted quantile summaries (Chen & Guestrin, XGBoost, appendix A): sorted
// distinct values, each with bounds on the total weight strictly below it
// (rmin) and up to it (rmax) and its own weight (w). Two operations keep them
// small: `combine` merges two summaries of disjoint data and `prune` keeps the
// entries nearest evenly spaced ranks. Ranks are float32, as in XGBoost's
// sketch, because matching its cut points means matching its rounding.
const fround = Math.fround;

export class QuantileSummary {
  value: Float32Array;
  rmin: Float32Array;
  rmax: Float32Array;
  w: Float32Array;
  size = 0;

  constructor(capacity: number) {
    this.value = new Float32Array(capacity);
    this.rmin = new Float32Array(capacity);
    this.rmax = new Float32Array(capacity);
    this.w = new Float32Array(capacity);
  }

  push(value: number, rmin: number, rmax: number, w: number): void {
    const k = this.size++;
    this.value[k] = value;
    this.rmin[k] = rmin;
    this.rmax[k] = rmax;
    this.w[k] = w;
  }

  copyEntry(src: QuantileSummary, i: number): void {
    this.push(src.value[i], src.rmin[i], src.rmax[i], src.w[i]);
  }

  /** rmin bound for values just above entry i. */
  rminNext(i: number): number {
    return fround(this.rmin[i] + this.w[i]);
  }

  /** rmax bound for values just below entry i. */
  rmaxPrev(i: number): number {
    return fround(this.rmax[i] - this.w[i]);
  }

  /** The exact summary of values sorted ascending, each of weight 1. */
  static ofSortedUnitWeights(sorted: Float32Array): QuantileSummary {
    const count = sorted.length;
    let distinct = 0;
    for (let i = 0; i < count; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
    const out = new QuantileSummary(distinct);
    for (let i = 0; i < count; ) {
      let j = i + 1;
      while (j < count && sorted[j] === sorted[i]) j++;
      out.push(sorted[i], i, j, j - i);
      i = j;
    }
    return out;
  }

  /**
   * At most maxSize entries of src: the first, the last, and for each of the
   * maxSize - 2 evenly spaced target ranks between them the nearer of the two
   * entries around it, never the same entry twice.
   */
  static prune(src: QuantileSummary, maxSize: number): QuantileSummary {
    if (src.size <= maxSize) return src;
    const out = new QuantileSummary(maxSize);
    const last = src.size - 1;
    const begin = src.rmax[0];
    const range = fround(src.rmin[last] - begin);
    const n = maxSize - 1;
    out.copyEntry(src, 0);
    let i = 1;
    let lastKept = 0;
    for (let k = 1; k < n; k++) {
      // Twice the target rank, in float32 like the ranks themselves.
      const target2 = fround(2 * fround(fround(fround(k * range) / n) + begin));
      while (i < last && target2 >= fround(src.rmax[i + 1] + src.rmin[i + 1])) i++;
      if (i === last) break;
      const pick = target2 < fround(src.rminNext(i) + src.rmaxPrev(i + 1)) ? i : i + 1;
      if (pick !== lastKept) {
        out.copyEntry(src, pick);
        lastKept = pick;
      }
    }
    if (lastKept !== last) out.copyEntry(src, last);
    return out;
  }

  /** The summary of the union of a's and b's data. */
  static combine(a: QuantileSummary, b: QuantileSummary): QuantileSummary {
    if (a.size === 0) return b;
    if (b.size === 0) return a;
    const out = new QuantileSummary(a.size + b.size);
    let i = 0;
    let j = 0;
    let aPrevRmin = 0;
    let bPrevRmin = 0;
    while (i < a.size && j < b.size) {
      const va = a.value[i];
      const vb = b.value[j];
      if (va === vb) {
        out.push(va, fround(a.rmin[i] + b.rmin[j]), fround(a.rmax[i] + b.rmax[j]), fround(a.w[i] + b.w[j]));
        aPrevRmin = a.rminNext(i++);
        bPrevRmin = b.rminNext(j++);
      } else if (va < vb) {
        out.push(va, fround(a.rmin[i] + bPrevRmin), fround(a.rmax[i] + b.rmaxPrev(j)), a.w[i]);
        aPrevRmin = a.rminNext(i++);
      } else {
        out.push(vb, fround(b.rmin[j] + aPrevRmin), fround(b.rmax[j] + a.rmaxPrev(i)), b.w[j]);
        bPrevRmin = b.rminNext(j++);
      }
    }
    const bTop = b.rmax[b.size - 1];
    for (; i < a.size; i++) out.push(a.value[i], fround(a.rmin[i] + bPrevRmin), fround(a.rmax[i] + bTop), a.w[i]);
    const aTop = a.rmax[a.size - 1];
    for (; j < b.size; j++) out.push(b.value[j], fround(b.rmin[j] + aPrevRmin), fround(b.rmax[j] + aTop), b.w[j]);
    out.restoreOrder();
    return out;
  }

  /** Re-establishes rmin and rmax non-decreasing and rmax >= rmin + w after float rounding. */
  private restoreOrder(): void {
    let prevRmin = 0;
    let prevRmax = 0;
    for (let k = 0; k < this.size; k++) {
      if (this.rmin[k] < prevRmin) this.rmin[k] = prevRmin;
      else prevRmin = this.rmin[k];
      if (this.rmax[k] < prevRmax) this.rmax[k] = prevRmax;
      const next = this.rminNext(k);
      if (this.rmax[k] < next) this.rmax[k] = next;
      prevRmax = this.rmax[k];
    }
  }
}
