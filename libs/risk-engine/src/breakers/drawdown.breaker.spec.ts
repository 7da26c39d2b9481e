// The drawdown breaker on its own memory: the trip it records, that it keeps
// the first trip while the loss deepens, that another breaker's trip does not
// hide it, and that an account whose peak was never above zero has no
// drawdown to measure.
import { ExactDecimal } from '@trading/domain';
import { parseRiskLimits } from '../limits.config';
import { initialRiskMemory } from '../state/risk-memory';
import type { BreakerTrip } from '../state/trading-state';
import { checkDrawdown } from './drawdown.breaker';

const T = Date.UTC(2025, 6, 7, 12);
const limits = parseRiskLimits({ breakers: { maxDrawdown: 0.1 } });
const usd = (amount: number | string) => new ExactDecimal(amount);

describe('drawdown breaker', () => {
  it('records a latched HALTED trip with the drawdown to 4 significant digits', () => {
    const memory = initialRiskMemory();
    // (11,111 − 9,999) / 11,111 = 0.10008… → 0.1001
    checkDrawdown(memory, usd(9_999), usd(11_111), T, limits);
    expect(memory.trips).toEqual<BreakerTrip[]>([
      { breaker: 'MAX_DRAWDOWN', state: 'HALTED', reason: 'drawdown 0.1001 from peak 11111.00 reached the 0.1 limit', since: T, until: null, latched: true },
    ]);
    expect(memory.peakEquity).toBe('11111');
  });

  it('keeps the first trip, its time and figures, while the drawdown deepens', () => {
    const memory = initialRiskMemory();
    checkDrawdown(memory, usd(9_000), usd(10_000), T, limits);
    checkDrawdown(memory, usd(8_000), usd(10_000), T + 1, limits);
    expect(memory.trips).toEqual([expect.objectContaining({ since: T, reason: 'drawdown 0.1 from peak 10000.00 reached the 0.1 limit' })]);
  });

  it('trips beside another breaker that has already tripped', () => {
    const daily: BreakerTrip = { breaker: 'DAILY_LOSS', state: 'HALTED', reason: 'daily loss', since: T, until: T + 1000, latched: false };
    const memory = { ...initialRiskMemory(), trips: [daily] };
    checkDrawdown(memory, usd(9_000), usd(10_000), T, limits);
    expect(memory.trips.map((t) => t.breaker)).toEqual(['DAILY_LOSS', 'MAX_DRAWDOWN']);
  });

  it.each([
    { equity: -100, peak: -50 },
    { equity: 0, peak: 0 },
    { equity: -100, peak: 0 },
  ])('an account whose peak is $peak (never above zero) has no drawdown to trip on: equity $equity', ({ equity, peak }) => {
    const memory = initialRiskMemory();
    checkDrawdown(memory, usd(equity), usd(peak), T, limits);
    expect(memory.trips).toEqual([]);
  });
});
