// Known answers of the two bootstraps, then their figures on a real
// out-of-sample record's shape (determinism by seed).
import { blockBootstrap, tradeOrderBootstrap } from './bootstrap';

const plan = { runs: 500, seed: 7, ruinLoss: 0.5 };

describe('the trade-order bootstrap', () => {
  it('gives every path the same final equity and no drawdown when every trade earns the same', () => {
    const result = tradeOrderBootstrap([25, 25, 25, 25], 10_000, 50, plan);
    expect(result.finalEquity).toEqual({ p5: 10_100, p50: 10_100, p95: 10_100 });
    expect(result.maxDrawdown).toEqual({ p5: 0, p50: 0, p95: 0 });
    expect(result.ruinProbability).toBe(0);
  });

  it('counts a path as ruined when its equity touches the ruin level, and stops trading at zero', () => {
    // One trade of -6,000 on 10,000: any path that draws it twice is ruined at 50% and floors at zero.
    const result = tradeOrderBootstrap([-6000, 100], 10_000, 10, plan);
    // P(at least one of two draws is the loss) = 3/4: each such path falls to 4,000 or below.
    expect(result.ruinProbability).toBeGreaterThan(0.68);
    expect(result.ruinProbability).toBeLessThan(0.82);
    expect(result.finalEquity.p5).toBe(0);
    expect(result.maxDrawdown.p95).toBe(1);
  });

  it('is the same for the same seed and differs for another', () => {
    const pnl = [120, -80, 45, -30, 210, -150, 60, -20, 15, -95];
    expect(tradeOrderBootstrap(pnl, 10_000, 40, plan)).toEqual(tradeOrderBootstrap(pnl, 10_000, 40, plan));
    expect(tradeOrderBootstrap(pnl, 10_000, 40, { ...plan, seed: 8 }).finalEquity).not.toEqual(tradeOrderBootstrap(pnl, 10_000, 40, plan).finalEquity);
  });
});

describe('the block bootstrap', () => {
  const returns = [0.004, -0.002, 0.001, -0.006, 0.003, 0.002, -0.001, 0.005, -0.003, 0.0015];

  it('with one block as long as the record draws rotations, which all end at the record\'s final equity', () => {
    const result = blockBootstrap(returns, 10_000, 260, { ...plan, blockLength: returns.length });
    const final = returns.reduce((equity, r) => equity * (1 + r), 10_000);
    expect(Math.abs(result.finalEquity.p5 - final)).toBeLessThan(1e-9);
    expect(Math.abs(result.finalEquity.p95 - final)).toBeLessThan(1e-9);
    expect(result.blockLength).toBe(10);
    // The fan starts at the initial cash and has one point per day.
    expect(result.fan.map((path) => path.length)).toEqual([11, 11, 11, 11, 11]);
    expect(Array.from(result.fan, (path) => path[0])).toEqual([10_000, 10_000, 10_000, 10_000, 10_000]);
  });

  it('defaults its blocks to the cube root of the record length and keeps percentiles ordered', () => {
    const long = Array.from({ length: 390 }, (_, k) => returns[k % returns.length] * (k % 7 === 0 ? -1 : 1));
    const result = blockBootstrap(long, 10_000, 260, plan);
    expect(result.blockLength).toBe(7);
    expect(result.finalEquity.p5).toBeLessThan(result.finalEquity.p50);
    expect(result.finalEquity.p50).toBeLessThan(result.finalEquity.p95);
    expect(result.maxDrawdown.p5).toBeLessThanOrEqual(result.maxDrawdown.p95);
  });

  it('refuses a ruin level outside (0, 1] and a run count below 1', () => {
    expect(() => blockBootstrap(returns, 10_000, 260, { ...plan, ruinLoss: 1.5 })).toThrow('ruin: expected a fraction in (0, 1], got 1.5');
    expect(() => tradeOrderBootstrap([1], 10_000, 260, { ...plan, runs: 0 })).toThrow('runs: expected a whole number >= 1, got 0');
  });
});
