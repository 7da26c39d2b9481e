import { ExactDecimal, Money, Quantity } from '@trading/domain';
import type { ClosedTrade } from '@trading/portfolio';
import { EquityTracker } from './equity.tracker';
import { computeMetrics, periodsPerYear } from './performance.metrics';

const HOUR = 3_600_000;
const t0 = Date.UTC(2022, 0, 31, 22);

function trade(net: number): ClosedTrade {
  const usd = (x: number) => Money.of(x, 'USD');
  return {
    strategy: 'test',
    symbol: 'EURUSD',
    side: 'long',
    quantity: Quantity.of('0.1'),
    entryTime: t0,
    exitTime: t0 + HOUR,
    entryPrice: new ExactDecimal('1.1'),
    exitPrice: new ExactDecimal('1.1'),
    grossPnl: usd(net),
    costs: usd(0),
    netPnl: usd(net),
    exitReason: 'test',
  };
}

const zeroCosts = { commission: Money.zero('USD'), swap: Money.zero('USD'), spread: Money.of(5, 'USD'), slippage: Money.zero('USD'), notionalTraded: Money.of(200, 'USD') };

describe('metrics', () => {
  // Equity 100 -> 110 -> 99 -> 108.9 -> 118.8: returns +10%, -10%, +10%, +9.0909...%
  function tracked() {
    const tracker = new EquityTracker(100);
    [110, 99, 108.9, 118.8].forEach((equity, k) => tracker.record(t0 + k * HOUR, equity, k < 2));
    return tracker.stats();
  }

  it('streams return moments, drawdown depth and duration, exposure and monthly returns', () => {
    const stats = tracked();
    const returns = [0.1, -0.1, 0.1, 118.8 / 108.9 - 1];
    const mean = returns.reduce((a, b) => a + b) / 4;
    const variance = returns.reduce((a, r) => a + (r - mean) ** 2, 0) / 3;
    expect(stats.meanReturn).toBeCloseTo(mean, 12);
    expect(stats.stdReturn).toBeCloseTo(Math.sqrt(variance), 12);
    expect(stats.downsideDeviation).toBeCloseTo(Math.sqrt(0.01 / 4), 12);
    // Peak 110 at hour 0, trough 99 at hour 1: 10% down, under water until 118.8 at hour 3.
    expect(stats.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(stats.maxDrawdownDurationMs).toBe(2 * HOUR);
    expect(stats.exposure).toBe(0.5);
    // Hours 0-1 are in January (22:00, 23:00), hours 2-3 in February.
    expect(stats.monthly.map((m) => m.month)).toEqual(['2022-01', '2022-02']);
    expect(stats.monthly[0].return).toBeCloseTo(-0.01, 12);
    expect(stats.monthly[1].return).toBeCloseTo(118.8 / 99 - 1, 12);
  });

  it('annualises per-bar Sharpe and Sortino with the FX trading year (6240 H1 bars)', () => {
    expect(periodsPerYear('H1')).toBe(6240);
    expect(periodsPerYear('D1')).toBe(260);
    const stats = tracked();
    const metrics = computeMetrics(stats, [trade(30), trade(-10), trade(-10), trade(20)], zeroCosts, 'H1');
    expect(metrics.sharpe).toBeCloseTo((stats.meanReturn / stats.stdReturn) * Math.sqrt(6240), 9);
    expect(metrics.sortino).toBeCloseTo((stats.meanReturn / Math.sqrt(0.01 / 4)) * Math.sqrt(6240), 9);
    expect(metrics.volatility).toBeCloseTo(stats.stdReturn * Math.sqrt(6240), 12);
    expect(metrics.totalReturn).toBeCloseTo(0.188, 12);
    expect(metrics.winRate).toBe(0.5);
    expect(metrics.profitFactor).toBe(50 / 20);
    expect(metrics.expectancy).toBe(7.5);
    expect(metrics.averageWin).toBe(25);
    expect(metrics.averageLoss).toBe(-10);
    expect(metrics.trades).toBe(4);
    expect(metrics.turnover).toBe(2);
    expect(metrics.costsPaid).toBe(5);
    expect(metrics.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(metrics.calmar).toBeCloseTo(metrics.annualisedReturn / 0.1, 9);
  });

  it('reports no profit factor when no trade lost', () => {
    const metrics = computeMetrics(tracked(), [trade(5)], zeroCosts, 'H1');
    expect(metrics.profitFactor).toBeNull();
  });

  it('keeps the chart curve bounded however many samples it sees', () => {
    const tracker = new EquityTracker(100, 64);
    for (let k = 0; k < 10_000; k++) tracker.record(t0 + k * HOUR, 100 + (k % 7), false);
    const curve = tracker.stats().curve;
    expect(curve.length).toBeLessThanOrEqual(65);
    expect(curve[curve.length - 1].time).toBe(t0 + 9_999 * HOUR);
  });
});
