// The consecutive-losses breaker on its own memory: the cooldown trip it
// records (not latched: it ends by itself), and the count starting again from
// zero once it has tripped.
import { Money } from '@trading/domain';
import { parseRiskLimits } from '../limits.config';
import { initialRiskMemory } from '../state/risk-memory';
import type { BreakerTrip } from '../state/trading-state';
import { recordTradeResult } from './consecutive-losses.breaker';

const T = Date.UTC(2025, 6, 7, 12);
const limits = parseRiskLimits({ breakers: { consecutiveLosses: 2, cooldownMinutes: 30 } });
const loss = Money.of(-10, 'USD');

describe('consecutive losses breaker', () => {
  it('records a REDUCING trip, not latched, for a 30 minute cooldown, and counts again from zero', () => {
    const memory = initialRiskMemory();
    recordTradeResult(memory, loss, T, limits);
    expect(memory.consecutiveLosses).toBe(1);
    recordTradeResult(memory, loss, T + 1, limits);
    expect(memory.trips).toEqual<BreakerTrip[]>([
      { breaker: 'CONSECUTIVE_LOSSES', state: 'REDUCING', reason: '2 losing trades in a row: cooldown of 30 minutes', since: T + 1, until: T + 1 + 30 * 60_000, latched: false },
    ]);
    expect(memory.consecutiveLosses).toBe(0);
  });
});
