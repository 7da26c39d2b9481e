// Each breaker at its limit and one smallest step past it (a cent of equity,
// a millisecond, one trade or rejection, a thousandth of an ATR), with limits
// set off their defaults so a breaker that ignored its setting would be seen,
// and the reason its transition carries.
import { ManualClock, Money } from '@trading/domain';
import { parseRiskLimits } from '../limits.config';
import { RiskEngine } from '../risk-engine';
import type { StateTransition } from '../state/trading-state';
import { portfolioOf } from '../testing/risk.builders';

const MONDAY_NOON = Date.UTC(2025, 6, 7, 12);
const MINUTE = 60_000;

function engineAt(time: number, overrides: object) {
  const clock = new ManualClock(time);
  const transitions: StateTransition[] = [];
  const engine = new RiskEngine({ clock, limits: parseRiskLimits(overrides), onTransition: (t) => transitions.push(t) });
  return { clock, engine, transitions };
}

describe('DAILY_LOSS at its boundaries (2 % of the session start, sessions from 10:00 UTC)', () => {
  const limits = { breakers: { dailyLoss: 0.02, sessionResetUtcMinute: 600 } };

  it('9,800.01 is inside a 2 % loss of 10,000.00; 9,800.00 halts', () => {
    const { engine, transitions } = engineAt(MONDAY_NOON, limits);
    expect(engine.observePortfolio(portfolioOf(10_000))).toBe('ACTIVE');
    expect(engine.observePortfolio(portfolioOf('9800.01'))).toBe('ACTIVE');
    expect(engine.observePortfolio(portfolioOf('9800.00'))).toBe('HALTED');
    expect(transitions).toEqual([{ from: 'ACTIVE', to: 'HALTED', time: MONDAY_NOON, reason: 'DAILY_LOSS: daily loss 200.00 reached 200.00 (0.02 of session start equity 10000.00)' }]);
  });

  it('stays halted until the next 10:00 UTC session boundary, and lifts exactly at it', () => {
    const { clock, engine, transitions } = engineAt(MONDAY_NOON, limits);
    engine.observePortfolio(portfolioOf(10_000));
    expect(engine.observePortfolio(portfolioOf(9_800))).toBe('HALTED');
    clock.set(Date.UTC(2025, 6, 8, 10) - 1);
    expect(engine.observePortfolio(portfolioOf(9_800))).toBe('HALTED');
    clock.set(Date.UTC(2025, 6, 8, 10));
    expect(engine.observePortfolio(portfolioOf(9_800))).toBe('ACTIVE');
    expect(transitions[1]).toEqual({ from: 'HALTED', to: 'ACTIVE', time: Date.UTC(2025, 6, 8, 10), reason: 'DAILY_LOSS expired' });
    // The new session starts from 9,800: 2 % of it is 196.
    expect(engine.observePortfolio(portfolioOf('9604.01'))).toBe('ACTIVE');
    expect(engine.observePortfolio(portfolioOf('9604.00'))).toBe('HALTED');
  });
});

describe('MAX_DRAWDOWN at its boundaries (5 % from the peak)', () => {
  const limits = { breakers: { maxDrawdown: 0.05, dailyLoss: 0.5 } };

  it('from the portfolio peak of 12,000: 11,400.01 is inside 5 %, 11,400.00 halts', () => {
    const { engine, transitions } = engineAt(MONDAY_NOON, limits);
    expect(engine.observePortfolio(portfolioOf(11_500, { peakEquity: 12_000 }))).toBe('ACTIVE');
    expect(engine.observePortfolio(portfolioOf('11400.01', { peakEquity: 12_000 }))).toBe('ACTIVE');
    expect(engine.observePortfolio(portfolioOf('11400.00', { peakEquity: 12_000 }))).toBe('HALTED');
    expect(transitions[0].reason).toBe('MAX_DRAWDOWN: drawdown 0.05 from peak 12000.00 reached the 0.05 limit');
  });

  it('measures from a new high the engine saw itself: after 12,500, 11,875.01 is inside 5 % and 11,875.00 halts', () => {
    const { engine, transitions } = engineAt(MONDAY_NOON, limits);
    engine.observePortfolio(portfolioOf(12_000));
    expect(engine.observePortfolio(portfolioOf(12_500, { peakEquity: 12_000 }))).toBe('ACTIVE');
    expect(engine.observePortfolio(portfolioOf('11875.01', { peakEquity: 12_000 }))).toBe('ACTIVE');
    expect(engine.observePortfolio(portfolioOf('11875.00', { peakEquity: 12_000 }))).toBe('HALTED');
    expect(transitions[0].reason).toBe('MAX_DRAWDOWN: drawdown 0.05 from peak 12500.00 reached the 0.05 limit');
  });
});

describe('CONSECUTIVE_LOSSES at its boundaries (3 in a row, 30 minutes of cooldown)', () => {
  const limits = { breakers: { consecutiveLosses: 3, cooldownMinutes: 30 } };

  it('a trade that breaks even resets the count; the third loss in a row trips', () => {
    const { engine, transitions } = engineAt(MONDAY_NOON, limits);
    for (const pnl of ['-10', '-0.01', '0', '-10', '-10']) expect(engine.recordTradeResult(Money.of(pnl, 'USD'))).toBe('ACTIVE');
    expect(engine.recordTradeResult(Money.of('-0.01', 'USD'))).toBe('REDUCING');
    expect(transitions).toEqual([{ from: 'ACTIVE', to: 'REDUCING', time: MONDAY_NOON, reason: 'CONSECUTIVE_LOSSES: 3 losing trades in a row: cooldown of 30 minutes' }]);
  });

  it('the cooldown lasts 30 minutes to the millisecond', () => {
    const { clock, engine } = engineAt(MONDAY_NOON, limits);
    for (let i = 0; i < 3; i++) engine.recordTradeResult(Money.of(-1, 'USD'));
    clock.advance(30 * MINUTE - 1);
    expect(engine.observePortfolio(portfolioOf(10_000))).toBe('REDUCING');
    clock.advance(1);
    expect(engine.observePortfolio(portfolioOf(10_000))).toBe('ACTIVE');
  });
});

describe('VOLATILITY_SPIKE at its boundaries (z-score 2.5 over the last 10 ATRs)', () => {
  const limits = { breakers: { volatilityZScore: 2.5, volatilityWindow: 10 } };
  // Ten USDJPY ATRs (yen) whose mean is 0.5 and sample standard deviation exactly 0.25, all exact in binary:
  // deviations of +-0.375 four times and 0 six times: 4 x 0.140625 / 9 = 0.0625 = 0.25^2.
  const window = [0.875, 0.125, 0.5, 0.5, 0.875, 0.125, 0.5, 0.5, 0.5, 0.5];
  const warmed = () => {
    const built = engineAt(MONDAY_NOON, limits);
    for (const atr of window) expect(built.engine.observeAtr('USDJPY', atr)).toBe('ACTIVE');
    return built;
  };

  it('an ATR of 1.125 is exactly 2.5 deviations over the mean and does not trip; 1.126 (z 2.504) does', () => {
    expect(warmed().engine.observeAtr('USDJPY', 1.125)).toBe('ACTIVE');
    const { engine, transitions } = warmed();
    expect(engine.observeAtr('USDJPY', 1.126)).toBe('REDUCING');
    expect(transitions).toEqual([{ from: 'ACTIVE', to: 'REDUCING', time: MONDAY_NOON, reason: 'VOLATILITY_SPIKE: ATR z-score over 2.5 on USDJPY (2.504)' }]);
  });

  it('gives no verdict before the window holds 10 ATRs', () => {
    const { engine } = engineAt(MONDAY_NOON, limits);
    for (const atr of window.slice(0, 9)) engine.observeAtr('USDJPY', atr);
    expect(engine.observeAtr('USDJPY', 5)).toBe('ACTIVE');
  });
});

describe('BROKER_REJECTIONS at its boundaries (3 within 30000 ms)', () => {
  const limits = { breakers: { brokerRejections: 3, brokerRejectionWindowMs: 30_000 } };
  const rejectAt = (offsets: number[]) => {
    const { clock, engine, transitions } = engineAt(MONDAY_NOON, limits);
    const states = offsets.map((offset) => {
      clock.set(MONDAY_NOON + offset);
      return engine.recordBrokerRejection('REJECTED');
    });
    return { states, transitions };
  };

  it('the third rejection 29999 ms after the first halts; 30000 ms after it, the first has left the window', () => {
    const inside = rejectAt([0, 10_000, 29_999]);
    expect(inside.states).toEqual(['ACTIVE', 'ACTIVE', 'HALTED']);
    expect(inside.transitions[0].reason).toBe('BROKER_REJECTIONS: 3 broker rejections within 30000 ms (latest: REJECTED)');
    expect(rejectAt([0, 10_000, 30_000]).states).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE']);
  });
});
