// The desk's lifecycle around the legs: the log's header, fills and the hooks
// they feed, swaps, cancels, venue refusals, a person's commands, the trading
// state's cancels, and reconciliation with the venue's snapshot.
import { createHash } from 'node:crypto';
import type { SignalGenerated } from '@trading/contracts';
import { ExactDecimal, MemoryDecisionSink, Money, Quantity, instrumentFor } from '@trading/domain';
import type { ClosedTrade } from '@trading/portfolio';
import { DEFAULT_RISK_LIMITS, parseRiskLimits } from '../limits.config';
import type { OrderProposal } from '../risk.types';
import type { TradingState } from '../state/trading-state';
import { RiskDesk } from './risk-desk';
import type { RiskSummary } from './risk-summary';
import { type DeskBar, type EntryFill, FixedSizePolicy, type KillSwitchRequest, type LimitsRequest, type ReduceRequest, type ResumeRequest, type SizingPolicy } from './sizing.policy';

const T = Date.UTC(2024, 2, 4, 10);
const ID = (n: number): string => `0190e4c2-1a00-8000-8000-00000000000${n}`;

/** Fixed 0.1 lots with every hook of a policy that keeps a trading state, each call kept. */
class CommandPolicy implements SizingPolicy {
  readonly name = 'commanded';
  state: TradingState = 'ACTIVE';
  flatten: OrderProposal[] = [];
  readonly calls: unknown[] = [];
  private readonly fixed = new FixedSizePolicy('0.1');
  size = this.fixed.size.bind(this.fixed);
  describe() {
    return { policy: this.name };
  }
  settings() {
    return { maxLots: 1 };
  }
  tradingState(): TradingState {
    return this.state;
  }
  killSwitch(request: KillSwitchRequest): readonly OrderProposal[] {
    this.calls.push(['killSwitch', request.time, request.reason, request.commandId, request.book]);
    this.state = 'HALTED';
    return this.flatten;
  }
  resume(request: ResumeRequest): void {
    this.calls.push(['resume', request.time, request.by, request.book]);
    this.state = 'ACTIVE';
  }
  reduce(request: ReduceRequest): void {
    this.calls.push(['reduce', request.time, request.reason]);
    this.state = 'REDUCING';
  }
  setLimits(request: LimitsRequest): void {
    this.calls.push(['setLimits', request.time, request.by, request.limits]);
  }
  onEntryFilled(fill: EntryFill): void {
    this.calls.push(['onEntryFilled', fill.strategy, fill.symbol, fill.orderId, fill.side, fill.lots, fill.price, fill.stopLoss, fill.time, fill.book]);
  }
  onTradeClosed(trade: ClosedTrade, time: number): void {
    this.calls.push(['onTradeClosed', trade.netPnl.toString(), time]);
  }
  onOrderRejected(message: string, time: number): void {
    this.calls.push(['onOrderRejected', message, time]);
  }
  riskSummary(): RiskSummary {
    return { policy: 'commanded' } as RiskSummary;
  }
}

function deskWith(policy: SizingPolicy) {
  const sink = new MemoryDecisionSink();
  const desk = new RiskDesk({ instruments: [instrumentFor('EURUSD'), instrumentFor('GBPUSD')], initialCash: Money.of(10_000, 'USD'), policy, decisions: sink });
  for (const symbol of ['EURUSD', 'GBPUSD']) desk.observeBar({ symbol, barTime: T - 3_600_000, time: T, open: 1.5, high: 1.5, low: 1.5, close: 1.5, spread: 0, slippage: 0 });
  const lines = () => sink.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { desk, lines };
}

function send(desk: RiskDesk, id: string, strategy: string, side: 'buy' | 'sell', lots: string, stopLoss?: number): void {
  desk.book.sent({ id, strategy, symbol: 'EURUSD', side, quantity: Quantity.of(lots), ...(stopLoss === undefined ? {} : { stopLoss }) });
}

function fill(desk: RiskDesk, id: string, strategy: string, side: 'buy' | 'sell', lots: string, price = 1.5) {
  return desk.onFill({ orderId: id, strategy, symbol: 'EURUSD', side, quantity: Quantity.of(lots), price, time: T, commission: Money.of(0, 'USD'), reason: 'test' });
}

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('risk desk: the log header', () => {
  it('opens with the run line: cash, sizing, the settings in force and their SHA-256, then the run’s own fields', () => {
    const { desk, lines } = deskWith(new CommandPolicy());
    desk.writeHeader({ time: T, seed: 7, codeVersion: 'abc123', run: { strategies: ['trend'] } });
    const header = lines().at(-1) as Record<string, unknown>;
    expect(Object.keys(header)).toEqual(['event', 'time', 'codeVersion', 'seed', 'cash', 'currency', 'sizing', 'limits', 'limitsHash', 'strategies']);
    expect(header).toEqual({
      event: 'run',
      time: T,
      codeVersion: 'abc123',
      seed: 7,
      cash: '10000',
      currency: 'USD',
      sizing: { policy: 'commanded' },
      limits: { maxLots: 1 },
      limitsHash: sha256Hex('{"maxLots":1}'),
      strategies: ['trend'],
    });
  });

  it('writes no settings and no hash for a policy without settings', () => {
    const { desk, lines } = deskWith(new FixedSizePolicy('0.1'));
    desk.writeHeader({ time: T, seed: 1, codeVersion: 'v', run: {} });
    expect(lines().at(-1)).toMatchObject({ sizing: { policy: 'fixed-size', lots: '0.1' }, limits: null, limitsHash: null });
  });
});

describe('risk desk: bars', () => {
  it('quotes the bar’s close with its spread, then hands the policy the bar with its slot and the book', () => {
    const bars: DeskBar[] = [];
    const policy = new CommandPolicy();
    Object.assign(policy, { observeBar: (bar: DeskBar) => bars.push(bar) });
    const { desk } = deskWith(policy);
    desk.observeBar({ symbol: 'GBPUSD', barTime: T, time: T + 3_600_000, open: 1.26, high: 1.27, low: 1.25, close: 1.265, spread: 0.0003, slippage: 0.0001 });
    expect([desk.book.bid(1), desk.book.spread(1)]).toEqual([1.265, 0.0003]);
    expect(bars.at(-1)).toEqual({ symbol: 'GBPUSD', slot: 1, barTime: T, time: T + 3_600_000, open: 1.26, high: 1.27, low: 1.25, close: 1.265, slippage: 0.0001, book: desk.book });
  });
});

describe('risk desk: fills, swaps, cancels and refusals', () => {
  it('tells the policy of an entry filled with a stop, not of one without a stop or of a closing fill', () => {
    const policy = new CommandPolicy();
    const { desk } = deskWith(policy);
    send(desk, 'with-stop', 'trend', 'buy', '0.3', 1.49);
    send(desk, 'no-stop', 'fade', 'sell', '0.2');
    expect(fill(desk, 'with-stop', 'trend', 'buy', '0.3').added).toBe(true);
    fill(desk, 'no-stop', 'fade', 'sell', '0.2');
    send(desk, 'close', 'trend', 'sell', '0.3', 1.6);
    fill(desk, 'close', 'trend', 'sell', '0.3', 1.51);
    expect(policy.calls).toEqual([['onEntryFilled', 'trend', 'EURUSD', 'with-stop', 'buy', 0.3, 1.5, 1.49, T, desk.book]]);
    expect(desk.tally.of('trend').fills).toBe(2);
    expect(desk.tally.of('fade').fills).toBe(1);
    expect(desk.trades).toBe(desk.book.ledger.trades);
    expect(desk.trades).toHaveLength(1);
  });

  it('books an entry filled with a stop under a policy that does not follow entries', () => {
    const { desk } = deskWith(new FixedSizePolicy('0.1'));
    send(desk, 'with-stop', 'trend', 'buy', '0.3', 1.49);
    expect(fill(desk, 'with-stop', 'trend', 'buy', '0.3').added).toBe(true);
    expect(desk.book.ledger.quantityAt(desk.book.position('trend', 'EURUSD')).toString()).toBe('0.3');
    expect(desk.tally.of('trend').fills).toBe(1);
  });

  it('hands each closed trade to the policy once, at the settling time', () => {
    const policy = new CommandPolicy();
    const { desk } = deskWith(policy);
    send(desk, 'a', 'trend', 'buy', '0.1');
    fill(desk, 'a', 'trend', 'buy', '0.1');
    fill(desk, 'b', 'trend', 'sell', '0.1', 1.501);
    desk.settle(T + 5);
    desk.settle(T + 6);
    // 0.1 lot × 100,000 × 0.001 = 10 USD.
    expect(policy.calls).toEqual([['onTradeClosed', '10', T + 5]]);
  });

  it('settles closed trades without a policy that follows them', () => {
    const { desk } = deskWith(new FixedSizePolicy('0.1'));
    send(desk, 'a', 'trend', 'buy', '0.1');
    fill(desk, 'a', 'trend', 'buy', '0.1');
    fill(desk, 'b', 'trend', 'sell', '0.1', 1.501);
    expect(() => desk.settle(T + 5)).not.toThrow();
    expect(desk.trades).toHaveLength(1);
  });

  it('books a swap on the strategy’s position into the cash', () => {
    const { desk } = deskWith(new FixedSizePolicy('0.1'));
    send(desk, 'a', 'trend', 'buy', '0.1');
    fill(desk, 'a', 'trend', 'buy', '0.1');
    desk.onSwap('trend', 'EURUSD', new ExactDecimal('-1.25'));
    expect(desk.book.cash.toString()).toBe('9998.75');
  });

  it('throws a venue refusal without a policy that follows them, after taking the order off the book', () => {
    const { desk } = deskWith(new FixedSizePolicy('0.1'));
    const [order] = desk.onSignal(signalOf('buy'), ID(1), T, 1.5);
    expect(() => desk.onOrderRejected(order, 'not enough money', T)).toThrow(new RangeError('not enough money'));
    expect(desk.book.workingOrders(0)).toEqual([]);
  });

  it('logs, tallies and hands a venue refusal to a policy that follows them', () => {
    const policy = new CommandPolicy();
    const { desk, lines } = deskWith(policy);
    const [order] = desk.onSignal(signalOf('buy'), ID(1), T, 1.5);
    desk.onOrderRejected(order, 'market closed', T + 1);
    expect(desk.book.workingOrders(0)).toEqual([]);
    expect(lines().at(-1)).toEqual({ event: 'reject', time: T + 1, symbol: 'EURUSD', side: 'buy', lots: '0.1', reason: 'market closed' });
    expect(policy.calls).toEqual([['onOrderRejected', 'market closed', T + 1]]);
    expect(desk.tally.of('trend').rejected).toEqual({ VENUE_REJECTED: 1 });
  });

  it('hands out the cancels it wants once, and none (the same empty list) when there are none', () => {
    const policy = new CommandPolicy();
    const { desk } = deskWith(policy);
    const none = desk.drainCancels();
    expect(none).toEqual([]);
    expect(desk.drainCancels()).toBe(none);
    send(desk, 'w', 'trend', 'buy', '0.1');
    desk.command({ kind: 'kill-switch', commandId: ID(9), reason: 'drill' }, T);
    expect(desk.drainCancels()).toEqual([{ orderId: 'w', reason: 'kill switch: drill' }]);
    expect(desk.drainCancels()).toEqual([]);
  });

  it('asks the risk summary of the policy that keeps one', () => {
    expect(deskWith(new FixedSizePolicy('0.1')).desk.riskSummary()).toBeUndefined();
    expect(deskWith(new CommandPolicy()).desk.riskSummary()).toEqual({ policy: 'commanded' });
  });
});

function signalOf(side: SignalGenerated['side'], strategy = 'trend'): SignalGenerated {
  return { strategy, symbol: 'EURUSD', timeframe: 'H1', barTime: T - 3_600_000, side, strength: 1, confidence: 1, reason: 'test' };
}

describe('risk desk: commands', () => {
  it.each(['killSwitch', 'resume', 'reduce'] as const)('refuses every command to a policy without %s', (missing) => {
    const policy = new CommandPolicy();
    Object.defineProperty(policy, missing, { value: undefined });
    const { desk } = deskWith(policy);
    expect(() => desk.command({ kind: 'reduce', commandId: ID(1), reason: 'r' }, T)).toThrow('reduce needs the risk engine (a sizing policy with a trading state), not commanded');
  });

  it('presses the kill switch: logs it, cancels every working order, and sends the policy’s flattening orders as reduce-only', () => {
    const policy = new CommandPolicy();
    const { desk, lines } = deskWith(policy);
    send(desk, 'eur', 'trend', 'buy', '0.1');
    desk.book.sent({ id: 'gbp', strategy: 'fade', symbol: 'GBPUSD', side: 'sell', quantity: Quantity.of('0.2') });
    policy.flatten = [
      { clientOrderId: 'flat-1', signalId: ID(9), strategy: 'trend', symbol: 'EURUSD', side: 'SELL', size: Quantity.of('0.4'), entryType: 'MARKET', entryPrice: 1.5, stopPrice: null, targetPrice: null, reduceOnly: true },
      { clientOrderId: 'flat-2', signalId: ID(9), strategy: 'fade', symbol: 'GBPUSD', side: 'BUY', size: Quantity.of('0.5'), entryType: 'MARKET', entryPrice: 1.5, stopPrice: null, targetPrice: null, reduceOnly: true },
    ];
    const orders = desk.command({ kind: 'kill-switch', commandId: ID(9), reason: 'drill' }, T + 1);
    expect(lines().at(-1)).toEqual({ event: 'command', time: T + 1, command: 'kill-switch', commandId: ID(9), reason: 'drill' });
    expect(policy.calls).toEqual([['killSwitch', T + 1, 'drill', ID(9), desk.book]]);
    expect(orders).toEqual([
      { type: 'market', id: 'flat-1', strategy: 'trend', symbol: 'EURUSD', side: 'sell', quantity: Quantity.of('0.4'), reason: 'kill switch: drill', reduceOnly: true },
      { type: 'market', id: 'flat-2', strategy: 'fade', symbol: 'GBPUSD', side: 'buy', quantity: Quantity.of('0.5'), reason: 'kill switch: drill', reduceOnly: true },
    ]);
    expect(desk.drainCancels()).toEqual([
      { orderId: 'eur', reason: 'kill switch: drill' },
      { orderId: 'gbp', reason: 'kill switch: drill' },
    ]);
    expect(desk.book.workingOrders(0).map((o) => o.id)).toEqual(['eur', 'flat-1']);
    expect(desk.tally.of('fade')).toMatchObject({ approved: 1, orders: 1 });
    // The desk already follows HALTED: the next bar cancels nothing more (not its own flattening orders).
    desk.observeBar({ symbol: 'EURUSD', barTime: T, time: T + 3_600_000, open: 1.5, high: 1.5, low: 1.5, close: 1.5, spread: 0, slippage: 0 });
    expect(desk.drainCancels()).toEqual([]);
  });

  it('presses the kill switch of a policy that reports no trading state', () => {
    const policy = new CommandPolicy();
    Object.defineProperty(policy, 'tradingState', { value: undefined });
    const { desk } = deskWith(policy);
    send(desk, 'eur', 'trend', 'buy', '0.1');
    policy.flatten = [
      { clientOrderId: 'flat-1', signalId: ID(9), strategy: 'trend', symbol: 'EURUSD', side: 'SELL', size: Quantity.of('0.4'), entryType: 'MARKET', entryPrice: 1.5, stopPrice: null, targetPrice: null, reduceOnly: true },
    ];
    const orders = desk.command({ kind: 'kill-switch', commandId: ID(9), reason: 'drill' }, T + 1);
    expect(orders.map((order) => [order.id, order.side, order.quantity.toString(), order.reduceOnly])).toEqual([['flat-1', 'sell', '0.4', true]]);
    expect(desk.drainCancels()).toEqual([{ orderId: 'eur', reason: 'kill switch: drill' }]);
  });

  it('takes the trading state the policy reports after the kill switch, so a later escalation still cancels', () => {
    const policy = new CommandPolicy();
    // A policy whose kill switch only reduces: the desk must not take it as HALTED.
    Object.assign(policy, {
      killSwitch: (): readonly OrderProposal[] => {
        policy.state = 'REDUCING';
        return [];
      },
    });
    const { desk } = deskWith(policy);
    send(desk, 'long', 'trend', 'buy', '0.3');
    fill(desk, 'long', 'trend', 'buy', '0.3');
    desk.command({ kind: 'kill-switch', commandId: ID(9), reason: 'drill' }, T + 1);
    expect(desk.drainCancels()).toEqual([]);
    send(desk, 'shrinks', 'trend', 'sell', '0.1');
    policy.state = 'HALTED';
    desk.observeBar({ symbol: 'EURUSD', barTime: T, time: T + 3_600_000, open: 1.5, high: 1.5, low: 1.5, close: 1.5, spread: 0, slippage: 0 });
    expect(desk.drainCancels()).toEqual([{ orderId: 'shrinks', reason: 'trading is HALTED at 2024-03-04T11:00:00.000Z: the order would not flatten its position' }]);
  });

  it('puts trading in REDUCING and resumes it, logging each command with who or why', () => {
    const policy = new CommandPolicy();
    const { desk, lines } = deskWith(policy);
    send(desk, 'adds', 'trend', 'buy', '0.1');
    expect(desk.command({ kind: 'reduce', commandId: ID(1), reason: 'news' }, T + 1)).toEqual([]);
    expect(lines().at(-1)).toEqual({ event: 'command', time: T + 1, command: 'reduce', commandId: ID(1), reason: 'news' });
    expect(desk.drainCancels()).toEqual([{ orderId: 'adds', reason: 'trading is REDUCING at 2024-03-04T10:00:00.001Z: the order would add exposure' }]);
    expect(desk.command({ kind: 'resume', commandId: ID(2), by: 'ops' }, T + 2)).toEqual([]);
    expect(lines().at(-1)).toEqual({ event: 'command', time: T + 2, command: 'resume', commandId: ID(2), by: 'ops' });
    expect(policy.calls).toEqual([
      ['reduce', T + 1, 'news'],
      ['resume', T + 2, 'ops', desk.book],
    ]);
    // Following the policy back to ACTIVE cancels nothing; REDUCING again finds the order already being cancelled.
    expect(desk.drainCancels()).toEqual([]);
    desk.command({ kind: 'reduce', commandId: ID(3), reason: 'again' }, T + 3);
    expect(desk.drainCancels()).toEqual([]);
  });

  it('sets new limits through the policy, logging the SHA-256 of the limits', () => {
    const policy = new CommandPolicy();
    const { desk, lines } = deskWith(policy);
    const limits = parseRiskLimits({ maxOpenPositions: 2 });
    expect(desk.command({ kind: 'set-limits', commandId: ID(1), by: 'ops', reason: 'calmer', limits }, T)).toEqual([]);
    expect(lines().at(-1)).toEqual({ event: 'command', time: T, command: 'set-limits', commandId: ID(1), by: 'ops', reason: 'calmer', limitsHash: sha256Hex(JSON.stringify(limits)) });
    expect(policy.calls).toEqual([['setLimits', T, 'ops', limits]]);
  });

  it('refuses new limits to a policy that keeps none', () => {
    const policy = new CommandPolicy();
    Object.defineProperty(policy, 'setLimits', { value: undefined });
    const { desk } = deskWith(policy);
    expect(() => desk.command({ kind: 'set-limits', commandId: ID(1), by: 'ops', reason: 'x', limits: DEFAULT_RISK_LIMITS }, T)).toThrow(
      'set-limits needs a policy with limits (the risk engine), not commanded',
    );
  });
});

describe('risk desk: following the trading state', () => {
  /** Trend holds 0.3 long, short holds 0.3 short; working orders against and with them. */
  function deskHolding() {
    const policy = new CommandPolicy();
    const { desk } = deskWith(policy);
    send(desk, 'long', 'trend', 'buy', '0.3');
    fill(desk, 'long', 'trend', 'buy', '0.3');
    send(desk, 'short', 'bear', 'sell', '0.3');
    fill(desk, 'short', 'bear', 'sell', '0.3');
    for (const [id, strategy, side, lots] of [
      ['trend-flattens', 'trend', 'sell', '0.3'],
      ['trend-shrinks', 'trend', 'sell', '0.29'],
      ['trend-flips', 'trend', 'sell', '0.31'],
      ['trend-adds', 'trend', 'buy', '0.1'],
      ['bear-flattens', 'bear', 'buy', '0.3'],
      ['bear-adds', 'bear', 'sell', '0.1'],
      ['flat-opens', 'none', 'sell', '0.1'],
    ] as const)
      send(desk, id, strategy, side, lots);
    const bar = (time: number) => desk.observeBar({ symbol: 'EURUSD', barTime: time - 3_600_000, time, open: 1.5, high: 1.5, low: 1.5, close: 1.5, spread: 0, slippage: 0 });
    const cancelled = () => desk.drainCancels().map((cancel) => cancel.orderId);
    return { policy, desk, bar, cancelled };
  }

  it('REDUCING keeps the orders that close or shrink their own strategy’s position, and cancels the rest', () => {
    const { policy, bar, cancelled, desk } = deskHolding();
    policy.state = 'REDUCING';
    bar(T + 3_600_000);
    expect(cancelled()).toEqual(['trend-flips', 'trend-adds', 'bear-adds', 'flat-opens']);
    // HALTED then cancels what only shrinks; what is already cancelled is not asked again.
    policy.state = 'HALTED';
    bar(T + 7_200_000);
    expect(desk.drainCancels()).toEqual([{ orderId: 'trend-shrinks', reason: 'trading is HALTED at 2024-03-04T12:00:00.000Z: the order would not flatten its position' }]);
  });

  it('HALTED keeps only the orders that flatten their strategy’s position', () => {
    const { policy, bar, cancelled } = deskHolding();
    policy.state = 'HALTED';
    bar(T + 3_600_000);
    expect(cancelled()).toEqual(['trend-shrinks', 'trend-flips', 'trend-adds', 'bear-adds', 'flat-opens']);
  });

  it('cancels nothing when the state eases, not even an order sent while HALTED that adds exposure', () => {
    const { policy, bar, cancelled, desk } = deskHolding();
    policy.state = 'HALTED';
    bar(T + 3_600_000);
    cancelled();
    send(desk, 'sent-halted', 'none', 'buy', '0.1');
    policy.state = 'REDUCING';
    bar(T + 7_200_000);
    expect(cancelled()).toEqual([]);
    policy.state = 'ACTIVE';
    bar(T + 10_800_000);
    expect(cancelled()).toEqual([]);
    // REDUCING again is an escalation, and the order adds exposure.
    policy.state = 'REDUCING';
    bar(T + 14_400_000);
    expect(desk.drainCancels()).toEqual([{ orderId: 'sent-halted', reason: 'trading is REDUCING at 2024-03-04T14:00:00.000Z: the order would add exposure' }]);
  });

  it('cancels nothing when the state eases, and asks again for an order the venue cancelled and the desk sent anew', () => {
    const { policy, bar, cancelled, desk } = deskHolding();
    policy.state = 'HALTED';
    bar(T + 3_600_000);
    cancelled();
    policy.state = 'REDUCING';
    bar(T + 7_200_000);
    expect(cancelled()).toEqual([]);
    desk.onCancel('flat-opens');
    expect(desk.book.workingOrders(0).some((o) => o.id === 'flat-opens')).toBe(false);
    send(desk, 'flat-opens', 'none', 'sell', '0.1');
    policy.state = 'HALTED';
    bar(T + 10_800_000);
    expect(cancelled()).toEqual(['flat-opens']);
  });
});

describe('risk desk: without a decision log', () => {
  it('writes its header, decides, follows a venue refusal and reconciles with no sink to log to', () => {
    const policy = new CommandPolicy();
    const desk = new RiskDesk({ instruments: [instrumentFor('EURUSD')], initialCash: Money.of(10_000, 'USD'), policy });
    desk.observeBar({ symbol: 'EURUSD', barTime: T - 3_600_000, time: T, open: 1.5, high: 1.5, low: 1.5, close: 1.5, spread: 0, slippage: 0 });
    desk.writeHeader({ time: T, seed: 1, codeVersion: 'v', run: {} });
    const [order] = desk.onSignal(signalOf('buy'), ID(1), T, 1.5);
    expect([order.side, order.quantity.toString()]).toEqual(['buy', '0.1']);
    desk.onOrderRejected(order, 'market closed', T + 1);
    expect(policy.calls).toEqual([['onOrderRejected', 'market closed', T + 1]]);
    expect(desk.tally.of('trend').rejected).toEqual({ VENUE_REJECTED: 1 });
    expect(desk.reconcileWithVenue({ currency: 'USD', cash: '9999', positions: [], orders: [] }, T + 2, 'VENUE_DIFFERS')).toEqual([{ kind: 'cash', key: 'cash', desk: '10000', venue: '9999' }]);
    expect(desk.exposureGate).toEqual({ code: 'VENUE_DIFFERS', reason: 'the book disagrees with the venue: cash is 10000 at the desk but 9999 at the venue' });
  });
});

describe('risk desk: reconciling with the venue', () => {
  const agreeing = { currency: 'USD', cash: '10000', positions: [], orders: [] };

  it('opens a closed gate when the book agrees, logging both; an open gate stays quiet', () => {
    const { desk, lines } = deskWith(new FixedSizePolicy('0.1'));
    expect(desk.reconcileWithVenue(agreeing, T, 'VENUE_DIFFERS')).toEqual([]);
    expect(lines().at(-1)).toEqual({ event: 'reconcile', time: T, agreed: true, differences: [] });
    desk.closeToNewExposure({ code: 'NOT_RECONCILED', reason: 'restart' }, T);
    desk.reconcileWithVenue(agreeing, T + 1, 'VENUE_DIFFERS');
    expect(desk.exposureGate).toBeNull();
    expect(lines().slice(-2)).toEqual([
      { event: 'reconcile', time: T + 1, agreed: true, differences: [] },
      { event: 'exposure-gate', time: T + 1, open: true, code: 'VENUE_RECONCILED', reason: 'the book agrees with the venue' },
    ]);
  });

  it('closes the gate with the given code when they differ, naming every difference', () => {
    const { desk, lines } = deskWith(new FixedSizePolicy('0.1'));
    const differences = desk.reconcileWithVenue({ ...agreeing, currency: 'EUR', cash: '9999' }, T, 'VENUE_DIFFERS');
    expect(differences.map((d) => d.kind)).toEqual(['currency', 'cash']);
    const reason = 'the book disagrees with the venue: the account currency is USD at the desk but EUR at the venue; cash is 10000 at the desk but 9999 at the venue';
    expect(desk.exposureGate).toEqual({ code: 'VENUE_DIFFERS', reason });
    expect(lines().slice(-2)).toEqual([
      { event: 'reconcile', time: T, agreed: false, differences: ['the account currency is USD at the desk but EUR at the venue', 'cash is 10000 at the desk but 9999 at the venue'] },
      { event: 'exposure-gate', time: T, open: false, code: 'VENUE_DIFFERS', reason },
    ]);
  });
});
