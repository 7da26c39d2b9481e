import { classificationMetrics, pearson } from './classification-metrics';

describe('classification metrics', () => {
  // Four rows, three classes; rows 0 and 3 right, 1 and 2 wrong.
  const p = [0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.5, 0.25, 0.25, 0.05, 0.05, 0.9];
  const labels = [0, 1, 2, 2];
  const m = classificationMetrics(p, labels, 3);

  it('computes log-loss, accuracy and the multi-class Brier score by their definitions', () => {
    expect(m.logloss).toBeCloseTo(-(Math.log(0.7) + Math.log(0.3) + Math.log(0.25) + Math.log(0.9)) / 4, 15);
    expect(m.accuracy).toBe(0.5);
    const brier = [
      0.3 ** 2 + 0.2 ** 2 + 0.1 ** 2,
      0.1 ** 2 + 0.7 ** 2 + 0.6 ** 2,
      0.5 ** 2 + 0.25 ** 2 + 0.75 ** 2,
      0.05 ** 2 + 0.05 ** 2 + 0.1 ** 2,
    ];
    expect(m.brier).toBeCloseTo(brier.reduce((a, b) => a + b) / 4, 15);
    // Class shares 1/4, 1/4, 1/2.
    expect(m.priorLogloss).toBeCloseTo(-(0.25 * Math.log(0.25) * 2 + 0.5 * Math.log(0.5)), 15);
  });

  it('counts the confusion matrix by actual row and predicted column', () => {
    expect(m.confusion).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [1, 0, 1],
    ]);
  });

  it('bins predicted probabilities in tenths against how often the class occurred', () => {
    const long = m.calibration[2];
    expect(long).toHaveLength(10);
    expect(long[9]).toEqual({ from: 0.9, rows: 1, meanPredicted: 0.9, observed: 1 });
    expect(long[6]).toEqual({ from: 0.6, rows: 1, meanPredicted: 0.6, observed: 0 });
    expect(long[2]).toEqual({ from: 0.2, rows: 1, meanPredicted: 0.25, observed: 1 });
    expect(long[5].rows).toBe(0);
    expect(long[5].observed).toBeNaN();
  });

  it('clips a zero probability of the true class instead of returning infinity', () => {
    expect(classificationMetrics([1, 0], [1], 2).logloss).toBeCloseTo(-Math.log(1e-16), 12);
  });

  it('correlates two series by Pearson, NaN for a constant one', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 15);
    expect(pearson([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 15);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(() => pearson([1], [1, 2])).toThrow('pearson needs two non-empty series of equal length, got 1 and 2');
  });
});
