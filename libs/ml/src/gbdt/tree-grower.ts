// Grows one tree on a class's gradients, XGBoost `hist` style: histograms of
// the node's rows per feature bin, the best split from them, rows partitioned
// in place (stably), and the larger child's histogram obtained as the parent's
// minus the smaller child's. Depthwise growth expands a whole level at a time
// in node order; lossguide always expands the node with the largest gain.
// Both stop at maxDepth and maxLeaves and never split for a gain <= 1e-6.
import type { BinnedMatrix } from './binned-matrix';
import type { GbdtParams } from './gbdt-params';
import { HistogramPool, buildHistogram, subtractHistogram } from './histogram';
import type { QuantileCuts } from './quantile-cuts';
import { type RegressionTree, TreeNodes } from './regression-tree';
import { type SplitCandidate, SplitFinder, emptySplit } from './split-finder';

/** XGBoost's kRtEps: smaller gains are rounding noise, not structure. */
const MIN_GAIN = 1e-6;
const fround = Math.fround;

interface OpenNode {
  readonly id: number;
  readonly depth: number;
  readonly from: number;
  readonly to: number;
  readonly grad: number;
  readonly hess: number;
  hist: Float64Array | null;
  readonly split: SplitCandidate;
}

export interface GrownTree {
  readonly tree: RegressionTree;
  /** Leaves with the range of `rows` that reached each: rows[from..to). */
  readonly leaves: readonly { readonly node: number; readonly from: number; readonly to: number }[];
  /** The partitioned row order the leaf ranges index into (reused by the next `grow`). */
  readonly rows: Int32Array;
}

export class TreeGrower {
  private readonly finder: SplitFinder;
  private readonly pool: HistogramPool;
  private scratch = new Int32Array(0);
  private orderBuffer = new Int32Array(0);

  constructor(
    private readonly matrix: BinnedMatrix,
    private readonly cuts: QuantileCuts,
    private readonly params: GbdtParams,
  ) {
    this.finder = new SplitFinder(matrix, cuts, params.lambda, params.minChildWeight);
    this.pool = new HistogramPool(matrix.totalSlots * 2);
  }

  /**
   * @param rows the rows this tree learns from (a copy is partitioned)
   * @param features the features it may split on, ascending
   * The result's `rows` is a buffer the next call reuses: read the leaves before growing again.
   */
  grow(grad: Float32Array, hess: Float32Array, rows: Int32Array, features: Int32Array): GrownTree {
    if (this.orderBuffer.length < rows.length) {
      this.orderBuffer = new Int32Array(rows.length);
      this.scratch = new Int32Array(rows.length);
    }
    const order = this.orderBuffer.subarray(0, rows.length);
    order.set(rows);
    const nodes = new TreeNodes();
    const allFeatures = features.length === this.matrix.features ? null : features;
    let g = 0;
    let h = 0;
    for (let k = 0; k < order.length; k++) {
      g += grad[order[k]];
      h += hess[order[k]];
    }
    const root: OpenNode = { id: nodes.add(h), depth: 0, from: 0, to: order.length, grad: g, hess: h, hist: null, split: emptySplit() };
    const leaves: { node: number; from: number; to: number }[] = [];
    const frontier: OpenNode[] = [];
    if (this.mayHaveChildren(0, 1)) {
      root.hist = this.pool.take();
      buildHistogram(root.hist, this.matrix, grad, hess, order, 0, order.length, allFeatures);
      this.finder.find(root.hist, root, features, root.split);
      frontier.push(root);
    } else {
      this.makeLeaf(nodes, root, leaves);
    }
    let leafCount = 1;
    while (frontier.length > 0) {
      const batch = this.params.growPolicy === 'depthwise' ? frontier.splice(0, frontier.length) : [frontier.splice(bestIndex(frontier), 1)[0]];
      for (const node of batch) {
        if (!this.canSplit(node, leafCount)) {
          this.makeLeaf(nodes, node, leaves);
          continue;
        }
        leafCount++;
        const expandable = this.mayHaveChildren(node.depth + 1, leafCount);
        for (const child of this.split(nodes, node, order, grad, hess, allFeatures, expandable)) {
          if (!expandable) {
            this.makeLeaf(nodes, child, leaves);
            continue;
          }
          this.finder.find(child.hist as Float64Array, child, features, child.split);
          frontier.push(child);
        }
      }
    }
    return { tree: nodes.freeze(), leaves, rows: order };
  }

  private mayHaveChildren(depth: number, leafCount: number): boolean {
    const { maxDepth, maxLeaves } = this.params;
    return (maxDepth === 0 || depth < maxDepth) && (maxLeaves === 0 || leafCount < maxLeaves);
  }

  private canSplit(node: OpenNode, leafCount: number): boolean {
    const s = node.split;
    return s.feature >= 0 && s.gain > MIN_GAIN && s.leftHess !== 0 && s.rightHess !== 0 && this.mayHaveChildren(node.depth, leafCount);
  }

  /** Splits the node; with `expandable`, the children get their histograms (one built, one by subtraction). */
  private split(nodes: TreeNodes, node: OpenNode, order: Int32Array, grad: Float32Array, hess: Float32Array, features: Int32Array | null, expandable: boolean): [OpenNode, OpenNode] {
    const s = node.split;
    const id = node.id;
    const leftId = nodes.add(s.leftHess);
    const rightId = nodes.add(s.rightHess);
    nodes.feature[id] = s.feature;
    nodes.threshold[id] = s.threshold;
    nodes.defaultLeft[id] = s.defaultLeft ? 1 : 0;
    nodes.left[id] = leftId;
    nodes.right[id] = rightId;
    nodes.gain[id] = s.gain;
    const middle = this.partition(order, node.from, node.to, s);
    const left: OpenNode = { id: leftId, depth: node.depth + 1, from: node.from, to: middle, grad: s.leftGrad, hess: s.leftHess, hist: null, split: emptySplit() };
    const right: OpenNode = { id: rightId, depth: node.depth + 1, from: middle, to: node.to, grad: s.rightGrad, hess: s.rightHess, hist: null, split: emptySplit() };
    const parentHist = node.hist as Float64Array;
    node.hist = null;
    if (expandable) {
      const [small, large] = left.to - left.from <= right.to - right.from ? [left, right] : [right, left];
      small.hist = this.pool.take();
      buildHistogram(small.hist, this.matrix, grad, hess, order, small.from, small.to, features);
      subtractHistogram(parentHist, small.hist);
      large.hist = parentHist;
    } else {
      this.pool.give(parentHist);
    }
    return [left, right];
  }

  /** Stable in-place partition of order[from..to): left rows first; returns where the right rows start. */
  private partition(order: Int32Array, from: number, to: number, s: SplitCandidate): number {
    const slots = this.matrix.slots;
    const width = this.matrix.features;
    const f = s.feature;
    const base = this.matrix.slotBase[f];
    const missing = this.matrix.slotBase[f + 1] - 1;
    const lastLeft = base + s.splitBin;
    const defaultLeft = s.defaultLeft;
    const scratch = this.scratch;
    let l = from;
    let r = 0;
    for (let k = from; k < to; k++) {
      const row = order[k];
      const slot = slots[row * width + f];
      const goesLeft = slot === missing ? defaultLeft : slot <= lastLeft;
      if (goesLeft) order[l++] = row;
      else scratch[r++] = row;
    }
    order.set(scratch.subarray(0, r), l);
    return l;
  }

  private makeLeaf(nodes: TreeNodes, node: OpenNode, leaves: { node: number; from: number; to: number }[]): void {
    if (node.hist !== null) {
      this.pool.give(node.hist);
      node.hist = null;
    }
    const { lambda, minChildWeight, eta } = this.params;
    const weight = node.hess < minChildWeight || node.hess <= 0 ? 0 : fround(-node.grad / (node.hess + lambda));
    nodes.value[node.id] = fround(weight * fround(eta));
    leaves.push({ node: node.id, from: node.from, to: node.to });
  }
}

/** Lossguide's next node: the largest gain, the smallest id on ties. */
function bestIndex(frontier: readonly OpenNode[]): number {
  let best = 0;
  for (let i = 1; i < frontier.length; i++) {
    const a = frontier[i].split.gain;
    const b = frontier[best].split.gain;
    if (a > b || (a === b && frontier[i].id < frontier[best].id)) best = i;
  }
  return best;
}
