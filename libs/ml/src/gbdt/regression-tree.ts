// One regression tree as flat arrays indexed by node id (root = 0). A node
// with left[n] = -1 is a leaf holding value[n]; otherwise a row goes left when
// its feature is below the float32 threshold, and down defaultLeft when the
// value is missing. This is exactly the rule of the ONNX export (BRANCH_LT
// with missing_value_tracks_true = defaultLeft).
export interface RegressionTree {
  readonly feature: Int32Array;
  readonly threshold: Float32Array;
  readonly defaultLeft: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Leaf outputs, learning rate applied (float32); 0 on internal nodes. */
  readonly value: Float32Array;
  /** Loss reduction of each split; 0 on leaves. */
  readonly gain: Float32Array;
  /** Hessian sum of the training rows that reached the node. */
  readonly cover: Float32Array;
}

/** The leaf a row of `x` (row-major, `width` columns, starting at `offset`) ends in. */
export function leafOf(tree: RegressionTree, x: ArrayLike<number>, offset: number): number {
  const { left, right, feature, threshold, defaultLeft } = tree;
  let n = 0;
  while (left[n] >= 0) {
    const v = Math.fround(x[offset + feature[n]]);
    n = v !== v ? (defaultLeft[n] === 1 ? left[n] : right[n]) : v < threshold[n] ? left[n] : right[n];
  }
  return n;
}

export function leafCount(tree: RegressionTree): number {
  let count = 0;
  for (let n = 0; n < tree.left.length; n++) if (tree.left[n] < 0) count++;
  return count;
}

export function treeDepth(tree: RegressionTree, node = 0): number {
  return tree.left[node] < 0 ? 0 : 1 + Math.max(treeDepth(tree, tree.left[node]), treeDepth(tree, tree.right[node]));
}

/** Growable node storage for the grower; `freeze` turns it into a RegressionTree. */
export class TreeNodes {
  feature: number[] = [];
  threshold: number[] = [];
  defaultLeft: number[] = [];
  left: number[] = [];
  right: number[] = [];
  value: number[] = [];
  gain: number[] = [];
  cover: number[] = [];

  add(cover: number): number {
    this.feature.push(-1);
    this.threshold.push(0);
    this.defaultLeft.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push(0);
    this.gain.push(0);
    this.cover.push(cover);
    return this.left.length - 1;
  }

  freeze(): RegressionTree {
    return {
      feature: Int32Array.from(this.feature),
      threshold: Float32Array.from(this.threshold),
      defaultLeft: Uint8Array.from(this.defaultLeft),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value: Float32Array.from(this.value),
      gain: Float32Array.from(this.gain),
      cover: Float32Array.from(this.cover),
    };
  }
}
