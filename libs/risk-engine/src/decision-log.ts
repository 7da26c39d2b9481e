// Records of the decision log the risk engine writes: one per risk decision,
// with the stable keys first (event, time, symbol, signalId, state, decision,
// reason, size, equity, checks), and one per state change. Pure: the desk's
// sink serialises them.
import type { DecisionRecord } from '@trading/domain';
import type { PortfolioSnapshot, RiskDecision } from './risk.types';
import type { BreakerTrip, StateTransition } from './state/trading-state';

/**
 * One risk decision: the stable keys, then who asked for what (strategy,
 * side, the order proposed even when rejected), the sizing, and, when given,
 * the portfolio the decision saw.
 */
export function riskDecisionRecord(decision: RiskDecision, portfolio?: PortfolioSnapshot): DecisionRecord {
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
    side: decision.side,
    message: decision.message,
    downsizedFrom: decision.downsizedFrom,
    order: decision.order,
    proposed: decision.proposed,
    sizing: decision.sizing,
    ...(portfolio === undefined ? {} : { portfolio: portfolioRecord(portfolio) }),
  };
}

/** The snapshot a decision saw, in plain JSON: equity and its references, positions, working orders. */
export function portfolioRecord(portfolio: PortfolioSnapshot): Record<string, unknown> {
  return {
    equity: portfolio.equity.toString(),
    peakEquity: portfolio.peakEquity.toString(),
    todayPnl: portfolio.todayPnl.toString(),
    realisedPnl: portfolio.realisedPnl.toString(),
    positions: portfolio.positions.map((p) => ({ strategy: p.strategy ?? null, symbol: p.symbol, side: p.side, size: p.size.toString(), entryPrice: p.entryPrice, stopPrice: p.stopPrice ?? null })),
    openOrders: portfolio.openOrders.map((o) => ({
      clientOrderId: o.clientOrderId,
      strategy: o.strategy ?? null,
      symbol: o.symbol,
      side: o.side,
      size: o.size.toString(),
      entryPrice: o.entryPrice ?? null,
      stopPrice: o.stopPrice ?? null,
    })),
  };
}

/** A breaker tripped (or the kill switch was pressed), whether or not the state changed. */
export function breakerTripRecord(trip: BreakerTrip, time: number): DecisionRecord {
  return { event: 'breaker-trip', time, breaker: trip.breaker, state: trip.state, reason: trip.reason, until: trip.until, latched: trip.latched };
}

export function stateChangeRecord(transition: StateTransition): DecisionRecord {
  return { event: 'state-change', time: transition.time, from: transition.from, to: transition.to, reason: transition.reason };
}
