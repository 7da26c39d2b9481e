// Cholesky factor L (lower triangular, A = L·Lᵀ) of a covariance matrix, used
// to turn independent normal draws into correlated returns. A covariance
// estimated from data can be singular (two series moving as one); a pivot
// that is zero within rounding gets a zero column instead of failing.
export function cholesky(matrix: Float64Array, n: number): Float64Array {
  if (matrix.length !== n * n) throw new RangeError(`cholesky: matrix has ${matrix.length} entries, expected ${n}×${n}`);
  let largestDiagonal = 0;
  for (let i = 0; i < n; i++) largestDiagonal = Math.max(largestDiagonal, Math.abs(matrix[i * n + i]));
  const tolerance = largestDiagonal * 1e-12;
  const lower = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let pivot = matrix[j * n + j];
    for (let k = 0; k < j; k++) pivot -= lower[j * n + k] * lower[j * n + k];
    if (pivot < -tolerance) throw new RangeError(`cholesky: matrix is not positive semi-definite (pivot ${j} is ${pivot})`);
    if (pivot <= tolerance) continue;
    const root = Math.sqrt(pivot);
    lower[j * n + j] = root;
    for (let i = j + 1; i < n; i++) {
      let sum = matrix[i * n + j];
      for (let k = 0; k < j; k++) sum -= lower[i * n + k] * lower[j * n + k];
      lower[i * n + j] = sum / root;
    }
  }
  return lower;
}
