import { readSharedBars, sharedData } from '@trading/test-support';
import { tripleBarrierLabels } from '../labels/triple-barrier';
import type { LabelledRows } from './fold';
import { purgedKFold } from './purged-k-fold';
import { splitAtTime } from './time-split';
import { walkForwardSplits } from './walk-forward';

const bars = readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1');
const labels = tripleBarrierLabels(bars);
const usable: number[] = [];
for (let i = 199; i < bars.length; i++) if (labels.endIndex[i] >= 0) usable.push(i);
const data: LabelledRows = { rows: Int32Array.from(usable), labelEnd: labels.endIndex };

function testSpan(test: Int32Array): [number, number] {
  let end = -1;
  for (const row of test) end = Math.max(end, labels.endIndex[row]);
  return [test[0], end];
}

describe('purged, embargoed K-fold on the H1 labels', () => {
  const folds = purgedKFold(data, { folds: 5, embargo: 24 });

  it('tests every usable row exactly once, in five contiguous folds', () => {
    expect(folds).toHaveLength(5);
    const tested = folds.flatMap((f) => Array.from(f.test));
    expect(tested).toEqual(usable);
    for (const fold of folds) expect(fold.test[fold.test.length - 1] - fold.test[0] + 1).toBe(fold.test.length);
  });

  it('never trains on a row whose label window meets the bars the test labels span', () => {
    for (const fold of folds) {
      const [start, end] = testSpan(fold.test);
      const leaking = Array.from(fold.train).filter((row) => row <= end && labels.endIndex[row] >= start);
      expect(leaking).toEqual([]);
    }
  });

  it('embargoes the 24 bars after the test span and purges the 12-bar label overlap before it', () => {
    const middle = folds[2];
    const [start, end] = testSpan(middle.test);
    const train = new Set(middle.train);
    for (let row = end + 1; row <= end + 24; row++) expect(train.has(row)).toBe(false);
    expect(train.has(end + 25)).toBe(true);
    // Rows just before the fold whose 12-bar barriers reach into it are purged; earlier rows stay.
    const purgedBefore = usable.filter((row) => row < start && !train.has(row));
    expect(purgedBefore).toHaveLength(11);
    expect(purgedBefore.every((row) => labels.endIndex[row] >= start)).toBe(true);
  });

  it('refuses fewer than two folds, a negative embargo and unordered rows', () => {
    expect(() => purgedKFold(data, { folds: 1 })).toThrow('folds must be a whole number >= 2, got 1');
    expect(() => purgedKFold(data, { folds: 3, embargo: -1 })).toThrow('embargo must be a whole number of bars >= 0, got -1');
    expect(() => purgedKFold({ rows: Int32Array.from([300, 200]), labelEnd: labels.endIndex }, { folds: 2 })).toThrow('rows must be strictly ascending bar indices (row 1 is 200 after 300)');
  });
});

describe('walk-forward splits on the H1 labels', () => {
  it('trains on the window before each test window, without rows whose labels reach into it', () => {
    const folds = walkForwardSplits(data, { trainSize: 20_000, testSize: 5_000 });
    expect(folds).toHaveLength(Math.floor((usable.length - 20_000) / 5_000));
    for (const fold of folds) {
      expect(fold.test).toHaveLength(5_000);
      const start = fold.test[0];
      expect(Array.from(fold.train).every((row) => row < start && labels.endIndex[row] < start)).toBe(true);
      // Rolling window: 20,000 rows less the purged tail (at most the 12-bar horizon).
      expect(fold.train.length).toBeGreaterThanOrEqual(20_000 - 12);
    }
    const expanding = walkForwardSplits(data, { trainSize: 20_000, testSize: 5_000, expanding: true });
    expect(expanding[expanding.length - 1].train[0]).toBe(usable[0]);
  });
});

describe('split at a time', () => {
  const time = bars.time;
  const from = Date.UTC(2021, 0, 1);
  const firstValidation = usable.find((row) => time[row] >= from) as number;

  it('purges by label end times by default: no training label ends at or after the split', () => {
    const split = splitAtTime({ rows: data.rows, time, labelEndTime: labels.endTime }, from);
    expect(split.validation[0]).toBe(firstValidation);
    expect(split.train.length + split.purged + split.validation.length).toBe(usable.length);
    expect(Array.from(split.train).every((row) => labels.endTime[row] < from)).toBe(true);
    expect(split.purged).toBe(4);
  });

  it('purges a given number of bars before the first validation bar', () => {
    const split = splitAtTime({ rows: data.rows, time }, from, 48);
    expect(split.purged).toBe(48);
    expect(split.train[split.train.length - 1]).toBe(firstValidation - 49);
    const none = splitAtTime({ rows: data.rows, time }, from, 0);
    expect(none.purged).toBe(0);
    expect(() => splitAtTime({ rows: data.rows, time }, from)).toThrow('purging by labels needs their end times');
  });
});
