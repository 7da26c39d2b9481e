// Lines of a decisions log (`--decisions out.jsonl`): one JSON object per risk
// decision with stable keys first (time, symbol, signalId, state, decision,
// reason, size, equity, checks), and state changes as their own event lines.
// Pure: the caller writes the strings.
import type { RiskDecision } from './risk.types';
import type { StateTransition } from './state/trading-state';

export function decisionLogLine(decision: RiskDecision): string {
  return JSON.stringify({
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
  });
}

export function stateChangeLogLine(transition: StateTransition): string {
  return JSON.stringify({ event: 'state-change', time: transition.time, from: transition.from, to: transition.to, reason: transition.reason });
}
