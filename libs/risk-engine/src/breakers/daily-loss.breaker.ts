// Daily loss limit: a loss of `dailyLoss` of the session's starting equity halts
// trading until the next session boundary (a fixed UTC minute of day), when the
// session restarts from the equity of that moment.
import { ExactDecimal } from '@trading/domain';
import type { RiskLimits } from '../limits.config';
import type { RiskMemory } from '../state/risk-memory';
import { clearTrip, trip } from './breaker-trips';

const DAY_MS = 86_400_000;

/** Start of the session containing `time`: the latest boundary at or before it. */
export function sessionStart(time: number, resetUtcMinute: number): number {
  const offset = resetUtcMinute * 60_000;
  return Math.floor((time - offset) / DAY_MS) * DAY_MS + offset;
}

/** Rolls the session when a boundary has passed, then trips the breaker if today's loss reached the limit. */
export function checkDailyLoss(memory: RiskMemory, equity: ExactDecimal, time: number, limits: RiskLimits): void {
  const start = sessionStart(time, limits.breakers.sessionResetUtcMinute);
  if (memory.session === null || memory.session.start !== start) {
    // The trip level is kept with the session so each check is one comparison.
    const haltEquity = equity.minus(equity.times(limits.breakers.dailyLoss));
    memory.session = { start, startEquity: equity.toFixed(), haltEquity: haltEquity.toFixed() };
    clearTrip(memory, 'DAILY_LOSS');
  }
  if (memory.trips.some((t) => t.breaker === 'DAILY_LOSS')) return;
  if (equity.lessThanOrEqualTo(memory.session.haltEquity)) {
    const startEquity = new ExactDecimal(memory.session.startEquity);
    const loss = startEquity.minus(equity);
    const limit = startEquity.times(limits.breakers.dailyLoss);
    trip(memory, {
      breaker: 'DAILY_LOSS',
      state: 'HALTED',
      reason: `daily loss ${loss.toFixed(2)} reached ${limit.toFixed(2)} (${limits.breakers.dailyLoss} of session start equity ${startEquity.toFixed(2)})`,
      since: time,
      until: start + DAY_MS,
      latched: false,
    });
  }
}
