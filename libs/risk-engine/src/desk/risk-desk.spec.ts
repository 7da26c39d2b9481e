import type { SignalGenerated } from '@trading/contracts';
import { Money, Quantity, instrumentFor } from '@trading/domain';
import type { TradingState } from '../state/trading-state';
import { MemoryDecisionSink } from '@trading/domain';
import { RiskDesk } from './risk-desk';
import { FixedSizePolicy, type SizingDecision, type SizingPolicy, type SizingRequest } from './sizing.policy';

const T = Date.UTC(2024, 2, 4, 10);

/** Fixed 0.1 lots, with a trading state the test sets. */
class StatefulPolicy implements SizingPolicy {
  readonly name = 'stateful';
  state: TradingState = 'ACTIVE';
  private readonly fixed = new FixedSizePolicy('0.1');
  size(request: SizingRequest): SizingDecision {
    return this.fixed.size(request);
  }
  describe() {
    return { policy: this.name };
  }
  tradingState(): TradingState {
    return this.state;
  }
}

function signal(strategy: string, side: SignalGenerated['side']): SignalGenerated {
  return { strategy, symbol: 'EURUSD', timeframe: 'H1', barTime: T - 3_600_000, side, strength: 1, confidence: 1, referencePrice: 1.1, reason: 'test' };
}

function desk(policy: SizingPolicy) {
  const sink = new MemoryDecisionSink();
  const instance = new RiskDesk({ instruments: [instrumentFor('EURUSD')], initialCash: Money.of(10_000, 'USD'), policy, decisions: sink });
  instance.observeBar({ symbol: 'EURUSD', barTime: T - 3_600_000, time: T, open: 1.1, high: 1.1, low: 1.1, close: 1.1, spread: 0.0001, slippage: 0 });
  return { desk: instance, sink };
}

/** Books the fill of a working order at 1.1. */
function fill(target: RiskDesk, orderId: string, strategy: string, side: 'buy' | 'sell', lots: string) {
  target.onFill({ orderId, strategy, symbol: 'EURUSD', side, quantity: Quantity.of(lots), price: 1.1, time: T, commission: Money.of(0, 'USD'), reason: 'test' });
}

describe('RiskDesk', () => {
  it('turns a signal against the position into a close and a new entry, each with its own id', () => {
    const { desk: d } = desk(new FixedSizePolicy('0.1'));
    const [open] = d.onSignal(signal('trend', 'buy'), '0190e4c2-1a00-8000-8000-000000000001', T, 1.1);
    fill(d, open.id, 'trend', 'buy', '0.1');
    const legs = d.onSignal(signal('trend', 'sell'), '0190e4c2-1a00-8000-8000-000000000002', T, 1.1);
    expect(legs.map((o) => [o.side, o.quantity.toString(), o.reason])).toEqual([
      ['sell', '0.1', 'close before reversing: test'],
      ['sell', '0.1', 'test'],
    ]);
    expect(new Set([open.id, ...legs.map((o) => o.id)]).size).toBe(3);
  });

  it('cancels the working orders that add exposure when the state turns REDUCING, and keeps a close', () => {
    const policy = new StatefulPolicy();
    const { desk: d } = desk(policy);
    const [trendLong] = d.onSignal(signal('trend', 'buy'), '0190e4c2-1a00-8000-8000-000000000001', T, 1.1);
    fill(d, trendLong.id, 'trend', 'buy', '0.1');
    const [fadeEntry] = d.onSignal(signal('fade', 'sell'), '0190e4c2-1a00-8000-8000-000000000002', T, 1.1);
    const [trendClose] = d.onSignal(signal('trend', 'flat'), '0190e4c2-1a00-8000-8000-000000000003', T, 1.1);
    expect(d.drainCancels()).toEqual([]);
    policy.state = 'REDUCING';
    d.observeBar({ symbol: 'EURUSD', barTime: T, time: T + 3_600_000, open: 1.1, high: 1.1, low: 1.1, close: 1.1, spread: 0.0001, slippage: 0 });
    // The fade strategy's new short adds exposure; the trend strategy's close only shrinks its own long.
    expect(d.drainCancels()).toEqual([{ orderId: fadeEntry.id, reason: 'trading is REDUCING at 2024-03-04T11:00:00.000Z: the order would add exposure' }]);
    expect(trendClose.side).toBe('sell');
    // Asked once: a later bar in the same state cancels nothing more.
    d.observeBar({ symbol: 'EURUSD', barTime: T + 3_600_000, time: T + 7_200_000, open: 1.1, high: 1.1, low: 1.1, close: 1.1, spread: 0.0001, slippage: 0 });
    expect(d.drainCancels()).toEqual([]);
  });

  it('never cancels under a policy without a trading state (always ACTIVE), not even an order working before the first bar', () => {
    // A book rebuilt with a working order, then its first bar, then a signal.
    const d = new RiskDesk({ instruments: [instrumentFor('EURUSD')], initialCash: Money.of(10_000, 'USD'), policy: new FixedSizePolicy('0.1') });
    d.book.sent({ id: 'restored', strategy: 'fade', symbol: 'EURUSD', side: 'sell', quantity: Quantity.of('0.2') });
    d.observeBar({ symbol: 'EURUSD', barTime: T - 3_600_000, time: T, open: 1.1, high: 1.1, low: 1.1, close: 1.1, spread: 0.0001, slippage: 0 });
    const [entry] = d.onSignal(signal('trend', 'buy'), '0190e4c2-1a00-8000-8000-000000000001', T, 1.1);
    expect(d.drainCancels()).toEqual([]);
    expect(d.book.workingOrders(0).map((o) => o.id)).toEqual(['restored', entry.id]);
  });

  it('refuses the kill switch without a policy that keeps a trading state', () => {
    const { desk: d } = desk(new FixedSizePolicy('0.1'));
    expect(() => d.command({ kind: 'kill-switch', commandId: '0190e4c2-1a00-7000-8000-000000000001', reason: 'drill' }, T)).toThrow(
      'kill-switch needs the risk engine (a sizing policy with a trading state), not fixed-size',
    );
  });
});
