import { RollingStats } from './rolling-stats';

describe('RollingStats', () => {
  it('has no mean or variance until the window is full', () => {
    const stats = new RollingStats(3);
    stats.push(1);
    stats.push(2);
    expect([stats.full, stats.mean, stats.variance]).toEqual([false, NaN, NaN]);
    stats.push(6);
    expect([stats.full, stats.mean, stats.variance]).toEqual([true, 3, 14 / 3]);
  });

  it('slides the mean and population variance one value at a time', () => {
    // Windows 2,6,4 -> mean 4, variance 8/3; 6,4,5 -> mean 5, variance 2/3; 4,5,9 -> mean 6, variance 14/3.
    const stats = new RollingStats(3);
    const seen: number[][] = [1, 2, 6, 4, 5, 9].map((x) => {
      stats.push(x);
      return [stats.mean, stats.variance];
    });
    expect(seen[3][0]).toBeCloseTo(4, 14);
    expect(seen[3][1]).toBeCloseTo(8 / 3, 14);
    expect(seen[4][0]).toBeCloseTo(5, 14);
    expect(seen[4][1]).toBeCloseTo(2 / 3, 14);
    expect(seen[5][0]).toBeCloseTo(6, 14);
    expect(seen[5][1]).toBeCloseTo(14 / 3, 14);
  });

  it('recovers from the rounding a huge value leaves behind once the window has turned', () => {
    // With 1e17 in the window the running sums cannot hold the ones; they are rebuilt from the
    // window once per turn, so from the second turn after it the window of ones has mean 1, variance 0.
    const stats = new RollingStats(2);
    const seen = [1e17, 1, 1, 1, 1, 1].map((x) => {
      stats.push(x);
      return [stats.mean, stats.variance];
    });
    expect(seen.slice(4)).toEqual([
      [1, 0],
      [1, 0],
    ]);
  });

  it('reports a variance of 0, not below, when rounding leaves the running sum just under 0', () => {
    // Sliding 0.1 and 0.35 out for 1.1 leaves the sum of squared deviations at -1.7e-16 on the
    // flat window 1.1, 1.1, 1.1 (one push before the once-per-turn rebuild).
    const stats = new RollingStats(3);
    [0.1, 0.35, 1.1, 1.1, 1.1].forEach((x) => stats.push(x));
    expect(stats.variance).toBe(0);
  });
});
