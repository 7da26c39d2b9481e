// Quickselect (Hoare partitioning, median-of-three pivot): the k-th smallest of
// an array in O(n) on average and without allocating, for the medians of spike
// detection and the loss quantiles of VaR, where a full sort per call is the cost.

/**
 * Puts the k-th smallest (0-based) of `values[0..n)` at `k`, every smaller value
 * left of it and every larger one right of it, and returns it. Reorders `values`.
 */
export function selectInPlace(values: Float64Array, k: number, n: number = values.length): number {
  let left = 0;
  let right = n - 1;
  while (right > left) {
    const middle = (left + right) >>> 1;
    // Median of three as pivot keeps sorted or reversed input linear.
    if (values[middle] < values[left]) swap(values, middle, left);
    if (values[right] < values[left]) swap(values, right, left);
    if (values[right] < values[middle]) swap(values, right, middle);
    const pivot = values[middle];
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        swap(values, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k];
}

function swap(values: Float64Array, a: number, b: number): void {
  const held = values[a];
  values[a] = values[b];
  values[b] = held;
}
