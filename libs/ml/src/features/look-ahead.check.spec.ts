import { type BarColumns, SeededRandom } from '@trading/domain';
import { readSharedBars, sharedData } from '@trading/test-support';
import { computeFeatures } from './feature-matrix';
import { checkFeatureLookAhead } from './look-ahead.check';

const bars = readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1');

describe('feature look-ahead check', () => {
  it('passes every feature of the pipeline on the real H1 file, cut at 25 seeded bars', () => {
    const report = checkFeatureLookAhead(bars, { cuts: 25, random: new SeededRandom(7) });
    expect(report.cuts).toHaveLength(25);
    expect(report.features).toHaveLength(56);
    expect(report.features.filter((f) => f.changes > 0)).toEqual([]);
    expect(report.comparisons).toBe(27_752_816);
    expect(report.passed).toBe(true);
  });

  it('catches a feature that reads the next bar and names it', () => {
    // roc_1 replaced by the return of the NEXT bar: known at t only with the future.
    const peeking = (input: BarColumns) => {
      const matrix = computeFeatures(input);
      const j = matrix.descriptor.names.indexOf('roc_1');
      for (let i = 0; i < matrix.rows; i++) {
        matrix.values[i * matrix.columns + j] = i + 1 < input.length ? (input.close[i + 1] / input.close[i] - 1) * 100 : Number.NaN;
      }
      return matrix;
    };
    const head: BarColumns = { ...bars, length: 3000 };
    const report = checkFeatureLookAhead(head, { cuts: 5, random: new SeededRandom(1), compute: peeking });
    expect(report.passed).toBe(false);
    const changed = report.features.filter((f) => f.changes > 0);
    expect(changed.map((f) => f.name)).toEqual(['roc_1']);
    // One value changes per cut: the bar at the cut, whose "next bar" is gone.
    expect(changed[0].changes).toBe(5);
    const first = changed[0].firstChange;
    expect(first?.row).toBe(first?.cutAt);
    expect(first?.onTruncatedData).toBeNaN();
  });
});
