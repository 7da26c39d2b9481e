// Records of the decision log the risk engine writes: one per risk decision,
// with the stable keys first (event, time, symbol, signalId, state, decision,
// reason, size, equity, checks), and one per state change. Pure: the desk's
// sink serialises them.
import type { DecisionRecord } from './desk/decision-sink';
import type { RiskDecision } from './risk.types';
import type { BreakerTrip, StateTransition } from './state/trading-state';

export function riskDecisionRecord(decision: RiskDecision): DecisionRecord {
  return {
    event: 'risk-decision',
    time: decision.time,
    symbol: decision.symbol,
    signalId: decision.signalId,
    state: decision.state,
    decision: decision.decision,
    reason: decision.reason,
    size: decision.size,
    equity: decision.equity,
    checks: decision.checks,
    strategy: decision.strategy,
    message: decision.message,
    downsizedFrom: decision.downsizedFrom,
    order: decision.order,
    sizing: decision.sizing,
  };
}

/** A breaker tripped (or the kill switch was pressed), whether or not the state changed. */
export function breakerTripRecord(trip: BreakerTrip, time: number): DecisionRecord {
  return { event: 'breaker-trip', time, breaker: trip.breaker, state: trip.state, reason: trip.reason, until: trip.until, latched: trip.latched };
}

export function stateChangeRecord(transition: StateTransition): DecisionRecord {
  return { event: 'state-change', time: transition.time, from: transition.from, to: transition.to, reason: transition.reason };
}
