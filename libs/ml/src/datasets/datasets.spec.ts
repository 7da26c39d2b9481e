import { readSharedBars, sharedData } from '@trading/test-support';
import { knownSignalDataset } from './known-signal.dataset';
import { labelBars, labelledRows, trainingSetOf } from './labelled-table';

describe('labelled tables', () => {
  it('labels the H1 bars from the end of the warm-up on, and never a bar whose barriers are still open', () => {
    const bars = readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1');
    const { table, lookback, descriptor } = labelBars(bars);
    const rows = labelledRows(table);
    expect(rows[0]).toBe(lookback);
    expect(rows.length).toBe(45_568);
    expect(table.label[lookback - 1]).toBeNaN();
    expect(table.label[table.rows - 1]).toBeNaN();
    expect(table.names).toBe(descriptor.names);
    for (const row of rows.subarray(0, 500)) expect(table.labelEndTime[row]).toBeGreaterThan(table.time[row]);
    const set = trainingSetOf(table, rows.subarray(0, 3));
    expect(Array.from(set.labels)).toEqual(Array.from(rows.subarray(0, 3), (row) => table.label[row] + 1));
    expect(set.x[0]).toBe(Math.fround(table.values[lookback * 56]));
    expect(() => trainingSetOf(table, Int32Array.from([0]))).toThrow('row 0 has no label');
  });
});

describe('the known-signal data set', () => {
  const data = knownSignalDataset(5000, 1);

  it('is the same for a seed and different for another', () => {
    expect(knownSignalDataset(5000, 1).table.values).toEqual(data.table.values);
    expect(knownSignalDataset(5000, 2).table.values).not.toEqual(data.table.values);
  });

  it('draws each class from true probabilities that sum to one, with a tenth of one feature missing', () => {
    let missing = 0;
    for (let r = 0; r < 5000; r++) {
      const p = data.trueProbabilities.subarray(r * 3, r * 3 + 3);
      expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 12);
      if (data.table.values[r * 10 + 9] !== data.table.values[r * 10 + 9]) missing++;
    }
    expect(missing / 5000).toBeGreaterThan(0.08);
    expect(missing / 5000).toBeLessThan(0.12);
    const shares = [-1, 0, 1].map((label) => Array.from(data.table.label).filter((l) => l === label).length / 5000);
    for (const share of shares) expect(share).toBeGreaterThan(0.2);
  });
});
