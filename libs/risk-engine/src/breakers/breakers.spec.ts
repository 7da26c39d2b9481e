import { clientOrderIdFor, derivedId } from '@trading/contracts';
// Each breaker trips the state it should, records the transition with its
// reason and time, and clears the way it should (by time, by condition, or
// only by a person's resume).
import { ManualClock, Money } from '@trading/domain';
import { parseRiskLimits } from '../limits.config';
import { RiskEngine } from '../risk-engine';
import type { StateTransition } from '../state/trading-state';
import { marketAt, portfolioOf, positionOf } from '../testing/risk.builders';

const MONDAY_NOON = Date.UTC(2025, 6, 7, 12);
const HOUR = 3_600_000;

function engineAt(time: number, overrides: object = {}) {
  const clock = new ManualClock(time);
  const transitions: StateTransition[] = [];
  const engine = new RiskEngine({ clock, limits: parseRiskLimits(overrides), onTransition: (t) => transitions.push(t) });
  return { clock, engine, transitions };
}

describe('daily loss breaker', () => {
  it('halts at 3 % below session start equity and lifts at the next 21:00 UTC session boundary', () => {
    const { clock, engine, transitions } = engineAt(MONDAY_NOON);
    expect(engine.observePortfolio(portfolioOf(10_000))).toBe('ACTIVE');
    clock.advance(HOUR);
    expect(engine.observePortfolio(portfolioOf('9700.01'))).toBe('ACTIVE');
    clock.advance(HOUR);
    expect(engine.observePortfolio(portfolioOf(9_700))).toBe('HALTED');
    expect(transitions).toEqual([
      { from: 'ACTIVE', to: 'HALTED', time: MONDAY_NOON + 2 * HOUR, reason: 'DAILY_LOSS: daily loss 300.00 reached 300.00 (0.03 of session start equity 10000.00)' },
    ]);
    clock.set(Date.UTC(2025, 6, 7, 21));
    expect(engine.observePortfolio(portfolioOf(9_700))).toBe('ACTIVE');
    expect(transitions[1]).toMatchObject({ from: 'HALTED', to: 'ACTIVE', time: Date.UTC(2025, 6, 7, 21), reason: 'DAILY_LOSS expired' });
    // The new session starts from 9 700: a further 2 % does not trip.
    clock.advance(HOUR);
    expect(engine.observePortfolio(portfolioOf(9_506))).toBe('ACTIVE');
  });
});

describe('max drawdown breaker', () => {
  it('halts 10 % below peak equity and stays halted until a person resumes', () => {
    const { clock, engine, transitions } = engineAt(MONDAY_NOON, { breakers: { dailyLoss: 0.5 } });
    expect(engine.observePortfolio(portfolioOf(11_000, { peakEquity: 12_000 }))).toBe('ACTIVE');
    clock.advance(HOUR);
    expect(engine.observePortfolio(portfolioOf(10_801))).toBe('ACTIVE');
    clock.advance(HOUR);
    expect(engine.observePortfolio(portfolioOf(10_800))).toBe('HALTED');
    expect(transitions[0].reason).toBe('MAX_DRAWDOWN: drawdown 0.1 from peak 12000.00 reached the 0.1 limit');
    clock.advance(48 * HOUR);
    expect(engine.observePortfolio(portfolioOf(10_800))).toBe('HALTED');
    const resumed = engine.resume(portfolioOf(10_800), 'ops@desk');
    expect(resumed).toMatchObject({ from: 'HALTED', to: 'ACTIVE', reason: 'resumed by ops@desk' });
    // The peak is re-based at 10 800: 9 800 is 9.3 % below it.
    expect(engine.observePortfolio(portfolioOf(9_800))).toBe('ACTIVE');
  });
});

describe('consecutive losses breaker', () => {
  it('goes REDUCING after 5 losses in a row for a 240 minute cooldown, then back to ACTIVE', () => {
    const { clock, engine, transitions } = engineAt(MONDAY_NOON);
    for (let i = 0; i < 4; i++) expect(engine.recordTradeResult(Money.of(-10, 'USD'))).toBe('ACTIVE');
    engine.recordTradeResult(Money.of(5, 'USD'));
    for (let i = 0; i < 4; i++) expect(engine.recordTradeResult(Money.of(-10, 'USD'))).toBe('ACTIVE');
    expect(engine.recordTradeResult(Money.of('-0.01', 'USD'))).toBe('REDUCING');
    expect(transitions[0].reason).toBe('CONSECUTIVE_LOSSES: 5 losing trades in a row: cooldown of 240 minutes');
    clock.advance(240 * 60_000 - 1);
    expect(engine.observePortfolio(portfolioOf(10_000))).toBe('REDUCING');
    clock.advance(1);
    expect(engine.observePortfolio(portfolioOf(10_000))).toBe('ACTIVE');
  });
});

describe('volatility spike breaker', () => {
  it('goes REDUCING when an ATR is over 3 standard deviations above its window, and back when it calms', () => {
    const { engine, transitions } = engineAt(MONDAY_NOON, { breakers: { volatilityWindow: 10 } });
    // ATRs alternating 10 and 12 pips: mean 11, sample deviation 1.054.
    for (let i = 0; i < 10; i++) expect(engine.observeAtr('EURUSD', i % 2 === 0 ? 0.001 : 0.0012)).toBe('ACTIVE');
    expect(engine.observeAtr('EURUSD', 0.00142)).toBe('REDUCING');
    // z = (14.2 − 11) / 1.0541 = 3.036
    expect(transitions[0].reason).toBe('VOLATILITY_SPIKE: ATR z-score over 3 on EURUSD (3.036)');
    expect(engine.observeAtr('EURUSD', 0.0011)).toBe('ACTIVE');
    expect(transitions[1].reason).toBe('volatility of EURUSD back under the threshold');
  });
});

describe('broker rejection burst breaker', () => {
  it('halts after 5 rejections within a minute and needs a resume', () => {
    const { clock, engine } = engineAt(MONDAY_NOON);
    for (let i = 0; i < 4; i++) {
      expect(engine.recordBrokerRejection('MARKET_CLOSED')).toBe('ACTIVE');
      clock.advance(10_000);
    }
    clock.advance(25_000);
    // At 65 s the first rejection has left the window: 4 inside it.
    expect(engine.recordBrokerRejection('MARKET_CLOSED')).toBe('ACTIVE');
    expect(engine.recordBrokerRejection('INSUFFICIENT_FUNDS')).toBe('HALTED');
    expect(engine.snapshot().trips[0]).toMatchObject({ breaker: 'BROKER_REJECTIONS', latched: true, reason: '5 broker rejections within 60000 ms (latest: INSUFFICIENT_FUNDS)' });
    clock.advance(3_600_000);
    expect(engine.observePortfolio(portfolioOf(10_000))).toBe('HALTED');
    engine.resume(portfolioOf(10_000), 'ops');
    expect(engine.state).toBe('ACTIVE');
  });
});

describe('state precedence', () => {
  it('keeps HALTED while a halting breaker is active even when a reducing one clears, and says why', () => {
    const { clock, engine, transitions } = engineAt(MONDAY_NOON, { breakers: { consecutiveLosses: 1, cooldownMinutes: 60 } });
    engine.recordTradeResult(Money.of(-1, 'USD'));
    expect(engine.state).toBe('REDUCING');
    const market = marketAt(MONDAY_NOON, { EURUSD: 1.1 });
    engine.killSwitch(portfolioOf(10_000), market, 'manual');
    expect(engine.state).toBe('HALTED');
    clock.advance(60 * 60_000);
    expect(engine.observePortfolio(portfolioOf(10_000))).toBe('HALTED');
    engine.resume(portfolioOf(10_000), 'ops');
    expect(transitions.map((t) => `${t.from}->${t.to}`)).toEqual(['ACTIVE->REDUCING', 'REDUCING->HALTED', 'HALTED->ACTIVE']);
  });
});

describe('kill switch', () => {
  it('halts and returns market orders that flatten every position, and the working orders to cancel', () => {
    const { engine } = engineAt(MONDAY_NOON);
    const market = marketAt(MONDAY_NOON, { EURUSD: 1.1, USDCHF: 0.8 }, { spreadPips: 2 });
    const portfolio = portfolioOf(10_000, {
      positions: [positionOf('USDCHF', 'SELL', '0.3', 0.81), positionOf('EURUSD', 'BUY', '0.5', 1.09), positionOf('EURUSD', 'BUY', '0.25', 1.095)],
      openOrders: [{ clientOrderId: 'sig-9:1', symbol: 'EURUSD', side: 'BUY', size: positionOf('EURUSD', 'BUY', 1, 1).size, entryPrice: 1.08, stopPrice: 1.07 }],
    });
    const commandId = '0197e3a5-4c00-7000-8000-00000000000a';
    const result = engine.killSwitch(portfolio, market, 'operator pressed the button', commandId);
    expect(engine.state).toBe('HALTED');
    expect(result.transition).toMatchObject({ from: 'ACTIVE', to: 'HALTED', reason: 'KILL_SWITCH: kill switch: operator pressed the button' });
    expect(result.flattenOrders.map((o) => [o.symbol, o.side, o.size.toString(), o.entryPrice, o.reduceOnly, o.clientOrderId])).toEqual([
      ['EURUSD', 'SELL', '0.75', 1.0999, true, clientOrderIdFor(derivedId(commandId, 'risk/flatten/EURUSD', MONDAY_NOON))],
      ['USDCHF', 'BUY', '0.3', 0.8001, true, clientOrderIdFor(derivedId(commandId, 'risk/flatten/USDCHF', MONDAY_NOON))],
    ]);
    // Pressed again (a redelivered command), the switch sends the same orders.
    expect(engineAt(MONDAY_NOON).engine.killSwitch(portfolio, market, 'again', commandId).flattenOrders.map((o) => o.clientOrderId)).toEqual(result.flattenOrders.map((o) => o.clientOrderId));
    expect(result.cancelClientOrderIds).toEqual(['sig-9:1']);
  });
});
