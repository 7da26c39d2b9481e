// Known answers on synthetic return matrices (the one place made-up series
// are the point): pure noise has no best trial, so the in-sample winner is a
// coin flip out of sample (PBO near 0.5) and its Sharpe is what luck gives the
// best of N (DSR far from 1); one trial with a real edge among noise wins in
// and out of sample (PBO near 0) and survives the deflation (DSR near 1).
import { SeededRandom } from '@trading/domain';
import { fillStandardNormal } from '@trading/risk-engine';
import { probabilityOfBacktestOverfitting } from './backtest-overfitting';
import { deflatedSharpeRatio } from './deflated-sharpe';
import { sharpeRatio } from './moments';

const TRIALS = 40;
const DAYS = 800;

function noise(seed: number): Float64Array[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: TRIALS }, () => {
    const column = new Float64Array(DAYS);
    fillStandardNormal(random, column);
    return column.map((z) => 0.01 * z);
  });
}

function selected(columns: readonly Float64Array[]): number {
  let best = 0;
  columns.forEach((column, k) => {
    if (sharpeRatio(column) > sharpeRatio(columns[best])) best = k;
  });
  return best;
}

function deflated(columns: readonly Float64Array[]): number {
  const result = deflatedSharpeRatio(Float64Array.from(columns, sharpeRatio), columns[selected(columns)]);
  return result.value as number;
}

describe('overfitting statistics on synthetic returns', () => {
  it('give PBO near 0.5 and a low DSR on pure noise (eight seeds)', () => {
    const pbos: number[] = [];
    const dsrs: number[] = [];
    for (let seed = 1; seed <= 8; seed++) {
      const columns = noise(seed);
      pbos.push(probabilityOfBacktestOverfitting(columns, 16).value as number);
      dsrs.push(deflated(columns));
    }
    const meanPbo = pbos.reduce((a, b) => a + b) / pbos.length;
    expect(meanPbo).toBeGreaterThan(0.4);
    expect(meanPbo).toBeLessThan(0.6);
    expect(Math.max(...dsrs)).toBeLessThan(0.95);
  });

  it('give PBO near 0 and DSR near 1 when one trial has a real edge', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const columns = noise(seed);
      // Trial 7 earns 0.3 standard deviations a day on top of its noise.
      columns[7] = columns[7].map((r) => r + 0.003);
      expect(selected(columns)).toBe(7);
      expect(probabilityOfBacktestOverfitting(columns, 16).value).toBeLessThan(0.01);
      expect(deflated(columns)).toBeGreaterThan(0.99);
    }
  });

  it('use every one of the C(16, 8) splits and drop the oldest rows to make equal blocks', () => {
    const result = probabilityOfBacktestOverfitting(noise(3), 16);
    expect(result.combinations).toBe(12_870);
    expect(result.logits.length).toBe(12_870);
    expect({ used: result.rowsUsed, dropped: result.rowsDropped }).toEqual({ used: 800, dropped: 0 });
    const cut = probabilityOfBacktestOverfitting(noise(3).map((column) => column.subarray(0, 790)), 16);
    expect({ used: cut.rowsUsed, dropped: cut.rowsDropped }).toEqual({ used: 784, dropped: 6 });
  });

  it('is undefined with fewer than two trials', () => {
    expect(probabilityOfBacktestOverfitting(noise(1).slice(0, 1), 16).value).toBeNull();
    expect(() => probabilityOfBacktestOverfitting(noise(1), 15)).toThrow('the number of partitions must be an even whole number in 2..30, got 15');
  });
});
