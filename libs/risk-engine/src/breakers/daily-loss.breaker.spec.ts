// The daily-loss breaker on its own memory: the trip it records, that it keeps
// the first trip while the day's loss deepens, that another breaker's trip does
// not hide it, and that a new session lifts the last session's trip itself
// (without waiting for anyone to expire it). Sessions start at 21:00 UTC.
import { ExactDecimal } from '@trading/domain';
import { parseRiskLimits } from '../limits.config';
import { initialRiskMemory } from '../state/risk-memory';
import type { BreakerTrip } from '../state/trading-state';
import { checkDailyLoss, sessionStart } from './daily-loss.breaker';

const MONDAY_NOON = Date.UTC(2025, 6, 7, 12);
const SUNDAY_21 = Date.UTC(2025, 6, 6, 21);
const MONDAY_21 = Date.UTC(2025, 6, 7, 21);
const limits = parseRiskLimits({ breakers: { dailyLoss: 0.03, sessionResetUtcMinute: 21 * 60 } });
const usd = (amount: number | string) => new ExactDecimal(amount);

describe('daily loss breaker', () => {
  it('a session runs from one 21:00 UTC to the next, the boundary belonging to the later one', () => {
    expect(sessionStart(MONDAY_NOON, 21 * 60)).toBe(SUNDAY_21);
    expect(sessionStart(MONDAY_21 - 1, 21 * 60)).toBe(SUNDAY_21);
    expect(sessionStart(MONDAY_21, 21 * 60)).toBe(MONDAY_21);
  });

  it('records a HALTED trip, not latched, that ends at the next session boundary', () => {
    const memory = initialRiskMemory();
    checkDailyLoss(memory, usd(10_000), MONDAY_NOON, limits);
    checkDailyLoss(memory, usd(9_700), MONDAY_NOON + 1, limits);
    expect(memory.session).toEqual({ start: SUNDAY_21, startEquity: '10000', haltEquity: '9700' });
    expect(memory.trips).toEqual<BreakerTrip[]>([
      {
        breaker: 'DAILY_LOSS',
        state: 'HALTED',
        reason: 'daily loss 300.00 reached 300.00 (0.03 of session start equity 10000.00)',
        since: MONDAY_NOON + 1,
        until: MONDAY_21,
        latched: false,
      },
    ]);
  });

  it('keeps the first trip, its time and figures, while the loss deepens', () => {
    const memory = initialRiskMemory();
    checkDailyLoss(memory, usd(10_000), MONDAY_NOON, limits);
    checkDailyLoss(memory, usd(9_700), MONDAY_NOON + 1, limits);
    checkDailyLoss(memory, usd(9_000), MONDAY_NOON + 2, limits);
    expect(memory.trips).toEqual([expect.objectContaining({ since: MONDAY_NOON + 1, reason: 'daily loss 300.00 reached 300.00 (0.03 of session start equity 10000.00)' })]);
  });

  it('trips beside another breaker that has already tripped', () => {
    const drawdown: BreakerTrip = { breaker: 'MAX_DRAWDOWN', state: 'HALTED', reason: 'drawdown', since: MONDAY_NOON, until: null, latched: true };
    const memory = { ...initialRiskMemory(), trips: [drawdown] };
    checkDailyLoss(memory, usd(10_000), MONDAY_NOON, limits);
    checkDailyLoss(memory, usd(9_700), MONDAY_NOON, limits);
    expect(memory.trips.map((t) => t.breaker)).toEqual(['MAX_DRAWDOWN', 'DAILY_LOSS']);
  });

  it("a new session lifts the last session's trip and restarts from the equity of that moment", () => {
    const memory = initialRiskMemory();
    checkDailyLoss(memory, usd(10_000), MONDAY_NOON, limits);
    checkDailyLoss(memory, usd(9_700), MONDAY_NOON, limits);
    checkDailyLoss(memory, usd(9_700), MONDAY_21, limits);
    expect(memory.trips).toEqual([]);
    expect(memory.session).toEqual({ start: MONDAY_21, startEquity: '9700', haltEquity: '9409' });
  });
});
