import { ManualClock, Quantity } from '@trading/domain';
import { breakerTripRecord, portfolioRecord, riskDecisionRecord, stateChangeRecord } from './decision-log';
import { decisionLine } from '@trading/domain';
import { RiskEngine } from './risk-engine';
import { marketAt, openOrderOf, portfolioOf, positionOf, signalOf } from './testing/risk.builders';

describe('decision log records', () => {
  const clock = new ManualClock(Date.UTC(2025, 6, 7, 12));
  const market = marketAt(clock.now(), { EURUSD: 1.1 });

  it('starts a decision line with the stable keys, rejection reason and every check included', () => {
    const engine = new RiskEngine({ clock });
    const decide = engine.port();
    const line = decisionLine(riskDecisionRecord(decide({ signal: signalOf('s1', 'EURUSD', 'BUY', { stopPrice: 1.098 }), portfolio: portfolioOf(10_000), market, history: null })));
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(parsed).slice(0, 10)).toEqual(['event', 'time', 'symbol', 'signalId', 'state', 'decision', 'reason', 'size', 'equity', 'checks']);
    expect(parsed).toMatchObject({ event: 'risk-decision', time: Date.UTC(2025, 6, 7, 12), symbol: 'EURUSD', signalId: 's1', state: 'ACTIVE', decision: 'rejected', reason: 'INSUFFICIENT_HISTORY', size: '0.24', equity: '10000' });
    // 50 USD over 20.5 pips (entry at the ask, half a pip above the mid) = 0.2439 lots → 0.24.
    expect(parsed['checks']).toHaveLength(16);
  });

  it('writes state changes as event lines', () => {
    const engine = new RiskEngine({ clock });
    const { transition } = engine.killSwitch(portfolioOf(10_000), market, 'desk');
    expect(transition && decisionLine(stateChangeRecord(transition))).toBe(
      `{"event":"state-change","time":${Date.UTC(2025, 6, 7, 12)},"from":"ACTIVE","to":"HALTED","reason":"KILL_SWITCH: kill switch: desk"}\n`,
    );
  });
});

describe('decision log: the portfolio a decision saw, and breaker trips', () => {
  const clock = new ManualClock(Date.UTC(2025, 6, 7, 12));
  const market = marketAt(clock.now(), { EURUSD: 1.1 });

  it('writes positions and working orders as plain JSON, with null for what they lack', () => {
    const portfolio = portfolioOf('10000.5', {
      peakEquity: 12_000,
      positions: [{ ...positionOf('EURUSD', 'BUY', '0.3', 1.1, 1.095), strategy: 'trend' }, positionOf('GBPUSD', 'SELL', 1, 1.25)],
      openOrders: [{ ...openOrderOf('o1', 'EURUSD', 'SELL', '0.3', 1.12, 1.13), strategy: 'trend' }, { clientOrderId: 'o2', symbol: 'GBPUSD', side: 'BUY', size: Quantity.of('0.1') }],
    });
    expect(portfolioRecord(portfolio)).toEqual({
      equity: '10000.5',
      peakEquity: '12000',
      todayPnl: '0',
      realisedPnl: '0',
      positions: [
        { strategy: 'trend', symbol: 'EURUSD', side: 'BUY', size: '0.3', entryPrice: 1.1, stopPrice: 1.095 },
        { strategy: null, symbol: 'GBPUSD', side: 'SELL', size: '1', entryPrice: 1.25, stopPrice: null },
      ],
      openOrders: [
        { clientOrderId: 'o1', strategy: 'trend', symbol: 'EURUSD', side: 'SELL', size: '0.3', entryPrice: 1.12, stopPrice: 1.13 },
        { clientOrderId: 'o2', strategy: null, symbol: 'GBPUSD', side: 'BUY', size: '0.1', entryPrice: null, stopPrice: null },
      ],
    });
  });

  it('adds the portfolio to a decision only when given, after the decision’s own keys', () => {
    const engine = new RiskEngine({ clock });
    const portfolio = portfolioOf(10_000);
    const decision = engine.decide({ signal: signalOf('s2', 'EURUSD', 'BUY', { stopPrice: 1.098 }), portfolio, market, history: null });
    const bare = riskDecisionRecord(decision);
    expect('portfolio' in bare).toBe(false);
    expect(Object.keys(bare)).toEqual(['event', 'time', 'symbol', 'signalId', 'state', 'decision', 'reason', 'size', 'equity', 'checks', 'strategy', 'side', 'message', 'downsizedFrom', 'order', 'proposed', 'sizing']);
    expect(bare).toMatchObject({ strategy: 'test-strategy', side: 'BUY', message: decision.message, downsizedFrom: null, order: null, proposed: decision.proposed, sizing: decision.sizing });
    expect(riskDecisionRecord(decision, portfolio)['portfolio']).toEqual(portfolioRecord(portfolio));
  });

  it('writes a breaker trip with its state, reason, expiry and latch, at the time given', () => {
    expect(breakerTripRecord({ breaker: 'DAILY_LOSS', state: 'HALTED', reason: 'lost 3 %', since: 5, until: 99, latched: false }, 7)).toEqual({
      event: 'breaker-trip',
      time: 7,
      breaker: 'DAILY_LOSS',
      state: 'HALTED',
      reason: 'lost 3 %',
      until: 99,
      latched: false,
    });
  });
});
