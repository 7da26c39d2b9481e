import { readSharedBars, sharedData } from '@trading/test-support';
import { computeFeatures } from '../features/feature-matrix';
import { binMatrix } from './binned-matrix';
import { binOf, computeQuantileCuts } from './quantile-cuts';

function cutsOf(cuts: ReturnType<typeof computeQuantileCuts>, f: number): number[] {
  return Array.from(cuts.cuts.subarray(cuts.ptr[f], cuts.ptr[f + 1]));
}

describe('quantile cuts', () => {
  it('gives every distinct value its own bin when there are at most maxBins of them, closed by a cut above the maximum', () => {
    const x = Float32Array.from([3, 1, 2, 2, Number.NaN, 5, 1]);
    const cuts = computeQuantileCuts(x, 7, 1, 256);
    // The minimum is not a cut (values below the first cut are bin 0); 5 + (5 + 1e-5) closes the last bin.
    expect(cutsOf(cuts, 0)).toEqual([2, 3, 5, Math.fround(5 + Math.fround(5 + Math.fround(1e-5)))]);
    expect(cuts.minValues[0]).toBe(Math.fround(Math.fround(1 - 1) - Math.fround(1e-5)));
    expect([1, 2, 3, 5].map((v) => binOf(cuts, 0, v))).toEqual([0, 1, 2, 3]);
  });

  it('keeps one bin for a feature that is always missing', () => {
    const cuts = computeQuantileCuts(Float32Array.from([Number.NaN, Number.NaN]), 2, 1, 256);
    expect(cutsOf(cuts, 0)).toHaveLength(1);
    const matrix = binMatrix(Float32Array.from([Number.NaN, Number.NaN]), 2, cuts);
    // Slot 0 is the one bin, slot 1 the missing values.
    expect(Array.from(matrix.slots)).toEqual([1, 1]);
  });

  it('on the real H1 features: at most 256 increasing cuts per feature, and x < cut[b] exactly when bin(x) <= b', () => {
    const bars = readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1');
    const matrix = computeFeatures(bars);
    const x = Float32Array.from(matrix.values);
    const cuts = computeQuantileCuts(x, matrix.rows, matrix.columns, 256);
    let checked = 0;
    const wrong: string[] = [];
    for (let f = 0; f < matrix.columns; f++) {
      const own = cutsOf(cuts, f);
      if (own.length < 1 || own.length > 256) wrong.push(`feature ${f}: ${own.length} cuts`);
      for (let b = 1; b < own.length; b++) if (!(own[b] > own[b - 1])) wrong.push(`feature ${f}: cut ${b} not above cut ${b - 1}`);
      for (let r = 0; r < matrix.rows; r += 7) {
        const v = x[r * matrix.columns + f];
        if (v !== v) continue;
        const bin = binOf(cuts, f, v);
        for (let b = 0; b < own.length; b++) if (v < own[b] !== bin <= b) wrong.push(`feature ${f} row ${r}: ${v} in bin ${bin} vs cut ${b} ${own[b]}`);
        checked++;
      }
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    // Every 7th of the 45,779 rows in each of the 56 features, less the warm-up rows where a feature is NaN.
    expect(checked).toBe(365_948);
    // A continuous feature over 45,779 rows uses all 256 bins; hour_of_day has 24 values, so 24 bins.
    expect(cutsOf(cuts, matrix.descriptor.names.indexOf('roc_1'))).toHaveLength(256);
    expect(cutsOf(cuts, matrix.descriptor.names.indexOf('hour_of_day'))).toHaveLength(24);
  });
});
