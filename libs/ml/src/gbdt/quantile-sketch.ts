// A streaming weighted quantile sketch over one feature's values, in the
// order the rows come: values queue up (runs of equal values merged); a full
// queue becomes an exact summary that is pruned and merged into a ladder of
// levels, each holding at most `limit` entries, so memory stays bounded while
// the rank error stays near 1/(bins × 8). It is built like XGBoost's (same
// sizes, queue, levels and float32 ranks) so that the cut points agree with
// XGBoost's `hist` on the same rows, the basis of the side-by-side comparison.
import { sortFloat32 } from './float32-sort';
import { QuantileSummary } from './quantile-summary';

const fround = Math.fround;
/** Summary entries kept per output bin while sketching. */
export const SKETCH_FACTOR = 8;

export class QuantileSketch {
  readonly limit: number;
  /** The queue holds at most this many runs of equal values before it becomes a summary. */
  private readonly capacity: number;
  private runs = 0;
  private last = Number.NaN;
  /** The values behind the queued runs (each of weight 1), in arrival order. */
  private queued: Float32Array;
  private queuedCount = 0;
  /** level[0] is scratch; level[l] for l >= 1 holds a summary or nothing. */
  private readonly levels: (QuantileSummary | null)[] = [null];

  /**
   * @param count how many values will be pushed
   * @param bins the bins the cut points are for (limits the accuracy needed)
   */
  constructor(count: number, bins: number) {
    const binsUsed = Math.max(1, Math.min(bins, count));
    const eps = 1 / fround(binsUsed * SKETCH_FACTOR);
    let levels = 1;
    let limit = 0;
    for (;;) {
      limit = Math.min(count, Math.ceil(levels / eps) + 1);
      if (2 ** levels * limit >= count) break;
      levels++;
    }
    this.limit = Math.max(limit, 1);
    this.capacity = this.limit * 2;
    this.queued = new Float32Array(Math.max(1, Math.min(count, this.capacity)));
  }

  /** Adds one value (weight 1). */
  push(value: number): void {
    const v = fround(value);
    if (this.runs === this.capacity && this.last !== v) {
      this.flush(this.queueSummary());
      this.runs = 0;
      this.queuedCount = 0;
    }
    if (this.runs === 0 || this.last !== v) {
      this.runs++;
      this.last = v;
    }
    if (this.queuedCount === this.queued.length) {
      const grown = new Float32Array(this.queued.length * 2);
      grown.set(this.queued);
      this.queued = grown;
    }
    this.queued[this.queuedCount++] = v;
  }

  /** The summary of everything pushed. */
  summary(): QuantileSummary {
    const queued = this.queueSummary();
    if (this.levels.length === 1) return QuantileSummary.prune(queued, this.limit);
    let acc = QuantileSummary.prune(queued, this.limit);
    for (let l = 1; l < this.levels.length; l++) {
      const level = this.levels[l];
      if (level === null || level.size === 0) continue;
      acc = acc.size === 0 ? level : QuantileSummary.prune(QuantileSummary.combine(acc, level), this.limit);
    }
    return acc;
  }

  /** The exact summary of the queue: its values sorted, equal values counted together. */
  private queueSummary(): QuantileSummary {
    return QuantileSummary.ofSortedUnitWeights(sortFloat32(this.queued.subarray(0, this.queuedCount)));
  }

  /** Carries a full queue's summary up the levels, merging while the result still fits. */
  private flush(summary: QuantileSummary): void {
    for (let l = 1; ; l++) {
      if (this.levels.length <= l) this.levels.push(null);
      const level = this.levels[l];
      if (level === null || level.size === 0) {
        this.levels[l] = QuantileSummary.prune(summary, this.limit);
        return;
      }
      const merged = QuantileSummary.combine(QuantileSummary.prune(summary, this.limit), level);
      if (merged.size > this.limit) {
        this.levels[l] = null;
        summary = merged;
      } else {
        this.levels[l] = merged;
        return;
      }
    }
  }
}
