// The run's risk record on its own: decisions by outcome and reason, clock
// time per state, the breaker trips among the transitions, fill risk and VaR.
import { Quantity } from '@trading/domain';
import { DEFAULT_RISK_LIMITS, parseRiskLimits } from '../limits.config';
import type { RiskDecision } from '../risk.types';
import { RiskRunRecord } from './risk-run.record';

function decisionOf(decision: 'approved' | 'rejected', reason: string | null, downsizedFrom: string | null = null): RiskDecision {
  return {
    time: 0,
    symbol: 'EURUSD',
    signalId: 's',
    strategy: 'test',
    side: 'BUY',
    state: 'ACTIVE',
    decision,
    reason,
    message: null,
    size: '0.1',
    equity: '10000',
    order: null,
    proposed: null,
    sizing: null,
    downsizedFrom,
    checks: [{ code: 'X', pass: true, detail: '', downsizeTo: Quantity.of('0.1') }],
  };
}

describe('risk run record', () => {
  it('counts decisions, approvals, downsized approvals and rejections by sorted reason (UNKNOWN without one)', () => {
    const record = new RiskRunRecord(DEFAULT_RISK_LIMITS);
    record.decision(decisionOf('approved', null));
    record.decision(decisionOf('approved', null, '0.2'));
    record.decision(decisionOf('approved', null, '0.3'));
    record.decision(decisionOf('rejected', 'PORTFOLIO_VAR'));
    record.decision(decisionOf('rejected', 'MARGIN'));
    record.decision(decisionOf('rejected', 'PORTFOLIO_VAR'));
    record.decision(decisionOf('rejected', null));
    const summary = record.summary();
    expect(summary).toMatchObject({ policy: 'risk-engine', decisions: 7, approved: 3, rejected: 4, downsized: 2 });
    expect(Object.entries(summary.rejectionsByReason)).toEqual([
      ['MARGIN', 1],
      ['PORTFOLIO_VAR', 2],
      ['UNKNOWN', 1],
    ]);
  });

  it('counts clock time in each state from the first time it sees, never backwards', () => {
    const record = new RiskRunRecord(DEFAULT_RISK_LIMITS);
    record.advance(1_000);
    record.advance(4_000);
    record.advance(3_000);
    record.transition({ from: 'ACTIVE', to: 'REDUCING', reason: 'CONSECUTIVE_LOSSES: 5 losses', time: 5_000 });
    record.advance(5_500);
    record.transition({ from: 'REDUCING', to: 'HALTED', reason: 'KILL_SWITCH: kill switch: drill', time: 6_000 });
    record.advance(10_000);
    const summary = record.summary();
    expect(Object.entries(summary.timeInState)).toEqual([
      ['ACTIVE', 4_000],
      ['REDUCING', 1_000],
      ['HALTED', 4_000],
    ]);
    expect(summary).toMatchObject({ finalState: 'HALTED', stateChanges: 2 });
  });

  it('counts nothing for a time before its clock, nor for the span back to it when the state changes', () => {
    const record = new RiskRunRecord(DEFAULT_RISK_LIMITS);
    record.advance(1_000);
    record.advance(4_000);
    record.advance(3_000);
    expect(record.summary().timeInState).toEqual({ ACTIVE: 3_000, REDUCING: 0, HALTED: 0 });
    // A transition stamped before the clock starts the new state at the clock's time.
    record.transition({ from: 'ACTIVE', to: 'REDUCING', reason: 'CONSECUTIVE_LOSSES: 5 losses', time: 3_500 });
    record.advance(6_000);
    expect(record.summary().timeInState).toEqual({ ACTIVE: 3_000, REDUCING: 2_000, HALTED: 0 });
  });

  it('lists escalations as breaker trips, naming the breaker from the reason; easings and unknown prefixes are not breakers', () => {
    const record = new RiskRunRecord(DEFAULT_RISK_LIMITS);
    record.transition({ from: 'ACTIVE', to: 'HALTED', reason: 'DAILY_LOSS: daily loss 300.00 reached 300.00', time: 1 });
    record.transition({ from: 'HALTED', to: 'REDUCING', reason: 'DAILY_LOSS expired; still REDUCING: VOLATILITY_SPIKE: z 3.1', time: 2 });
    record.transition({ from: 'REDUCING', to: 'HALTED', reason: 'resumed: by nobody', time: 3 });
    record.transition({ from: 'HALTED', to: 'HALTED', reason: 'MAX_DRAWDOWN: again', time: 4 });
    expect(record.summary().breakerTrips).toEqual([
      { time: 1, breaker: 'DAILY_LOSS', from: 'ACTIVE', to: 'HALTED', reason: 'DAILY_LOSS: daily loss 300.00 reached 300.00' },
      { time: 3, breaker: 'UNKNOWN', from: 'REDUCING', to: 'HALTED', reason: 'resumed: by nobody' },
    ]);
    expect(record.summary().stateChanges).toBe(4);
  });

  it('counts fills over the limit and keeps the largest ratio, rounded to 6 decimals', () => {
    const record = new RiskRunRecord(DEFAULT_RISK_LIMITS);
    expect(record.summary().fillRisk).toEqual({ fills: 0, breaches: 0, maxRatio: 0 });
    record.fillRisk(0.5, false);
    record.fillRisk(1.23456789, true);
    record.fillRisk(0.9, false);
    expect(record.summary().fillRisk).toEqual({ fills: 3, breaches: 1, maxRatio: 1.234568 });
  });

  it('reports the VaR points under the limits in force at the end', () => {
    const record = new RiskRunRecord(DEFAULT_RISK_LIMITS);
    record.valueAtRisk({ time: 1, value: 12.5, fractionOfEquity: 0.00125 });
    record.setLimits(parseRiskLimits({ var: { confidence: 0.95, horizonBars: 4 } }));
    record.valueAtRisk({ time: 2, value: 0, fractionOfEquity: 0 });
    const summary = record.summary();
    expect(summary.valueAtRisk).toEqual({
      method: 'historical',
      confidence: 0.95,
      horizonBars: 4,
      points: [
        { time: 1, value: 12.5, fractionOfEquity: 0.00125 },
        { time: 2, value: 0, fractionOfEquity: 0 },
      ],
    });
    // The summary is a copy: later points do not change it.
    record.valueAtRisk({ time: 3, value: 1, fractionOfEquity: 0.0001 });
    expect(summary.valueAtRisk.points).toHaveLength(2);
  });
});
