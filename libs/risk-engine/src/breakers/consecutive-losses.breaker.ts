// Consecutive losing trades: after N losses in a row, a cooldown in REDUCING
// (no new exposure) for a fixed time, then back to ACTIVE by itself. A trade
// that does not lose (P&L >= 0) resets the count.
import type { Money } from '@trading/domain';
import type { RiskLimits } from '../limits.config';
import type { RiskMemory } from '../state/risk-memory';
import { trip } from './breaker-trips';

export function recordTradeResult(memory: RiskMemory, pnl: Money, time: number, limits: RiskLimits): void {
  if (!pnl.isNegative()) {
    memory.consecutiveLosses = 0;
    return;
  }
  memory.consecutiveLosses++;
  if (memory.consecutiveLosses >= limits.breakers.consecutiveLosses) {
    const losses = memory.consecutiveLosses;
    memory.consecutiveLosses = 0;
    trip(memory, {
      breaker: 'CONSECUTIVE_LOSSES',
      state: 'REDUCING',
      reason: `${losses} losing trades in a row: cooldown of ${limits.breakers.cooldownMinutes} minutes`,
      since: time,
      until: time + limits.breakers.cooldownMinutes * 60_000,
      latched: false,
    });
  }
}
