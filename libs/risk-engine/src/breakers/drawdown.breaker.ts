// Max drawdown: equity `maxDrawdown` below its peak halts trading until a
// person resumes; the resume re-bases the peak at the equity of that moment,
// since the person has accepted the loss.
import { ExactDecimal } from '@trading/domain';
import type { RiskLimits } from '../limits.config';
import type { RiskMemory } from '../state/risk-memory';
import { activeTrip, trip } from './breaker-trips';

export function checkDrawdown(memory: RiskMemory, equity: ExactDecimal, reportedPeak: ExactDecimal, time: number, limits: RiskLimits): void {
  // The first sight takes the portfolio's own peak; after that the engine's peak
  // only rises (a resume is the one thing that lowers it).
  let peak = memory.peakEquity === null ? ExactDecimal.max(reportedPeak, equity) : new ExactDecimal(memory.peakEquity);
  if (memory.peakEquity === null || equity.greaterThan(peak)) {
    if (equity.greaterThan(peak)) peak = equity;
    memory.peakEquity = peak.toFixed();
  }
  // Not isPositive(): for a decimal that is true at zero too, and a zero peak has no drawdown (0 / 0).
  if (activeTrip(memory, 'MAX_DRAWDOWN') || !peak.greaterThan(0)) return;
  // peak − equity >= maxDrawdown × peak, without a division on every check.
  if (peak.minus(equity).greaterThanOrEqualTo(peak.times(limits.breakers.maxDrawdown))) {
    const drawdown = peak.minus(equity).dividedBy(peak);
    trip(memory, {
      breaker: 'MAX_DRAWDOWN',
      state: 'HALTED',
      reason: `drawdown ${drawdown.toSignificantDigits(4).toFixed()} from peak ${peak.toFixed(2)} reached the ${limits.breakers.maxDrawdown} limit`,
      since: time,
      until: null,
      latched: true,
    });
  }
}

export function rebasePeak(memory: RiskMemory, equity: ExactDecimal): void {
  memory.peakEquity = equity.toFixed();
}
