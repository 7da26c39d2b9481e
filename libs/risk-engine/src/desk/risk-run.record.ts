// What a backtest under the risk engine did, tallied as it runs: decisions by
// outcome and reason, clock time per trading state, breaker trips and the
// portfolio VaR over time. Becomes the backtest's RiskSummary at the end.
import type { RiskBreakerTrip, RiskSummary, RiskVarPoint } from './risk-summary';
import type { RiskLimits } from '../limits.config';
import type { RiskDecision } from '../risk.types';
import { BREAKER_CODES, TRADING_STATES, moreSevere, type StateTransition, type TradingState } from '../state/trading-state';

export class RiskRunRecord {
  private decisions = 0;
  private approved = 0;
  private downsized = 0;
  private readonly rejections = new Map<string, number>();
  private readonly stateMs: Record<TradingState, number> = { ACTIVE: 0, REDUCING: 0, HALTED: 0 };
  private state: TradingState = 'ACTIVE';
  private since = Number.NaN;
  private stateChanges = 0;
  private readonly trips: RiskBreakerTrip[] = [];
  private readonly varPoints: RiskVarPoint[] = [];
  private readonly fills = { fills: 0, breaches: 0, maxRatio: 0 };

  constructor(private limits: RiskLimits) {}

  setLimits(limits: RiskLimits): void {
    this.limits = limits;
  }

  /** Counts clock time up to `time` in the current state (the first call starts the clock). */
  advance(time: number): void {
    if (this.since !== this.since) this.since = time;
    if (time > this.since) {
      this.stateMs[this.state] += time - this.since;
      this.since = time;
    }
  }

  decision(decision: RiskDecision): void {
    this.decisions++;
    if (decision.decision === 'approved') {
      this.approved++;
      if (decision.downsizedFrom !== null) this.downsized++;
      return;
    }
    const reason = decision.reason ?? 'UNKNOWN';
    this.rejections.set(reason, (this.rejections.get(reason) ?? 0) + 1);
  }

  transition(transition: StateTransition): void {
    this.advance(transition.time);
    this.stateChanges++;
    this.state = transition.to;
    if (transition.to === transition.from || moreSevere(transition.from, transition.to) !== transition.to) return;
    // An escalation's reason starts with the breaker that caused it ("DAILY_LOSS: ...").
    const prefix = transition.reason.slice(0, transition.reason.indexOf(':'));
    const breaker = (BREAKER_CODES as readonly string[]).includes(prefix) ? prefix : 'UNKNOWN';
    this.trips.push({ time: transition.time, breaker, from: transition.from, to: transition.to, reason: transition.reason });
  }

  fillRisk(ratio: number, breach: boolean): void {
    this.fills.fills++;
    if (breach) this.fills.breaches++;
    if (ratio > this.fills.maxRatio) this.fills.maxRatio = ratio;
  }

  valueAtRisk(point: RiskVarPoint): void {
    this.varPoints.push(point);
  }

  summary(): RiskSummary {
    const rejectionsByReason: Record<string, number> = {};
    for (const reason of [...this.rejections.keys()].sort()) rejectionsByReason[reason] = this.rejections.get(reason) ?? 0;
    const timeInState: Record<string, number> = {};
    for (const state of TRADING_STATES) timeInState[state] = this.stateMs[state];
    return {
      policy: 'risk-engine',
      decisions: this.decisions,
      approved: this.approved,
      rejected: this.decisions - this.approved,
      downsized: this.downsized,
      rejectionsByReason,
      timeInState,
      finalState: this.state,
      stateChanges: this.stateChanges,
      breakerTrips: [...this.trips],
      fillRisk: { ...this.fills, maxRatio: Math.round(this.fills.maxRatio * 1e6) / 1e6 },
      valueAtRisk: { method: 'historical', confidence: this.limits.var.confidence, horizonBars: this.limits.var.horizonBars, points: [...this.varPoints] },
    };
  }
}
