// How a signal becomes orders (OrderLegs, through the desk): which legs a
// signal makes against its strategy's position, what the policy is asked,
// the verdict the desk keeps, and the free-margin check, at its boundary.
//
// EURUSD and GBPUSD are quoted at 1.5 with no spread on a 10,000 USD account:
// a lot is 100,000 × 1.5 / 30 = 5,000.00 USD of margin, so 2 lots take the
// whole free margin and 2.01 lots (10,050.00) are one lot step over it.
import { type SignalGenerated, clientOrderIdFor, decisionIdFor } from '@trading/contracts';
import { ExactDecimal, MemoryDecisionSink, Money, Quantity, instrumentFor } from '@trading/domain';
import { RiskDesk } from './risk-desk';
import { CAPPED, type CloseDecision, type CloseRequest, FixedSizePolicy, type SizingDecision, type SizingPolicy, type SizingRequest } from './sizing.policy';

const T = Date.UTC(2024, 2, 4, 10);
const ID = (n: number): string => `0190e4c2-1a00-8000-8000-00000000000${n}`;

function signal(side: SignalGenerated['side'], extra: Partial<SignalGenerated> = {}): SignalGenerated {
  return { strategy: 'trend', symbol: 'EURUSD', timeframe: 'H1', barTime: T - 3_600_000, side, strength: 1, confidence: 1, reason: 'test', ...extra };
}

/** Answers every sizing request with `answer` and keeps the requests; approves or refuses closes as told. */
class ScriptedPolicy implements SizingPolicy {
  readonly name = 'scripted';
  readonly requests: SizingRequest[] = [];
  readonly closes: CloseRequest[] = [];
  constructor(
    public answer: SizingDecision,
    public closeAnswer?: CloseDecision,
  ) {}
  size(request: SizingRequest): SizingDecision {
    this.requests.push(request);
    return this.answer;
  }
  approveClose(request: CloseRequest): CloseDecision {
    this.closes.push(request);
    return this.closeAnswer ?? { approved: true, reason: 'fine' };
  }
  describe() {
    return { policy: this.name };
  }
}

function deskWith(policy: SizingPolicy) {
  const sink = new MemoryDecisionSink();
  const desk = new RiskDesk({ instruments: [instrumentFor('EURUSD'), instrumentFor('GBPUSD')], initialCash: Money.of(10_000, 'USD'), policy, decisions: sink });
  for (const symbol of ['EURUSD', 'GBPUSD']) desk.observeBar({ symbol, barTime: T - 3_600_000, time: T, open: 1.5, high: 1.5, low: 1.5, close: 1.5, spread: 0, slippage: 0 });
  const lines = () => sink.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { desk, lines };
}

/** Sends and fills a position of `lots` for `strategy` on EURUSD at 1.5. */
function hold(desk: RiskDesk, strategy: string, side: 'buy' | 'sell', lots: string): void {
  desk.book.sent({ id: `held-${strategy}`, strategy, symbol: 'EURUSD', side, quantity: Quantity.of(lots) });
  desk.onFill({ orderId: `held-${strategy}`, strategy, symbol: 'EURUSD', side, quantity: Quantity.of(lots), price: 1.5, time: T, commission: Money.of(0, 'USD'), reason: 'test' });
}

const sized = (lots: string, extra: Partial<SizingDecision> = {}): SizingDecision => ({ quantity: Quantity.of(lots), reason: `sized ${lots}`, ...extra });

describe('order legs: what a signal asks for', () => {
  it('skips a flat signal while flat, logging the signal and why', () => {
    const { desk, lines } = deskWith(new FixedSizePolicy('0.1'));
    expect(desk.lastVerdict).toBeNull();
    expect(desk.onSignal(signal('flat'), ID(1), T, 1.5)).toEqual([]);
    expect(lines()).toEqual([
      { event: 'signal', time: T, signalId: ID(1), strategy: 'trend', symbol: 'EURUSD', barTime: T - 3_600_000, side: 'flat', strength: 1, confidence: 1, referencePrice: null, stopLoss: null, takeProfit: null, reason: 'test' },
      { event: 'skip', time: T, symbol: 'EURUSD', reason: 'flat signal while already flat' },
    ]);
    expect(desk.lastVerdict).toEqual({
      signalId: ID(1),
      strategy: 'trend',
      symbol: 'EURUSD',
      side: 'flat',
      time: T,
      orders: [],
      aim: null,
      refusal: { code: 'ALREADY_FLAT', reason: 'flat signal while already flat' },
      lots: Quantity.of(0),
      checks: [],
      equity: '10000.00',
    });
    expect(desk.tally.of('trend')).toMatchObject({ signals: 1, skipped: 1, approved: 0, orders: 0 });
  });

  it('skips a signal on the side already held, long or short, and says which', () => {
    const { desk, lines } = deskWith(new FixedSizePolicy('0.1'));
    hold(desk, 'trend', 'buy', '0.1');
    hold(desk, 'fade', 'sell', '0.1');
    expect(desk.onSignal(signal('buy'), ID(1), T, 1.5)).toEqual([]);
    expect(desk.lastVerdict?.refusal).toEqual({ code: 'ALREADY_IN_POSITION', reason: 'buy signal while already long' });
    expect(desk.onSignal(signal('sell', { strategy: 'fade' }), ID(2), T, 1.5)).toEqual([]);
    expect(desk.lastVerdict?.refusal).toEqual({ code: 'ALREADY_IN_POSITION', reason: 'sell signal while already short' });
    expect(lines().filter((line) => line['event'] === 'skip')).toEqual([
      { event: 'skip', time: T, symbol: 'EURUSD', reason: 'buy signal while already long' },
      { event: 'skip', time: T, symbol: 'EURUSD', reason: 'sell signal while already short' },
    ]);
  });

  it('logs the signal’s reference price, stop and target when it has them', () => {
    const { desk, lines } = deskWith(new FixedSizePolicy('0.1'));
    desk.onSignal(signal('buy', { referencePrice: 1.49, stopLoss: 1.48, takeProfit: 1.52 }), ID(1), T, 1.5);
    expect(lines()[0]).toMatchObject({ referencePrice: 1.49, stopLoss: 1.48, takeProfit: 1.52 });
  });

  it('closes the whole position on a flat signal: the close is the aim, reduce-only, with the signal’s reason', () => {
    const policy = new ScriptedPolicy(sized('1'));
    const { desk } = deskWith(policy);
    hold(desk, 'trend', 'sell', '0.3');
    const orders = desk.onSignal(signal('flat', { reason: 'exit now' }), ID(1), T, 1.5);
    const decisionId = decisionIdFor(ID(1), 'order', T);
    expect(orders).toEqual([{ type: 'market', id: clientOrderIdFor(decisionId), strategy: 'trend', symbol: 'EURUSD', side: 'buy', quantity: Quantity.of('0.3'), reason: 'exit now', reduceOnly: true }]);
    expect(policy.closes).toEqual([{ signal: signal('flat', { reason: 'exit now' }), signalId: ID(1), decisionId, clientOrderId: clientOrderIdFor(decisionId), time: T, quantity: Quantity.of('0.3'), book: desk.book }]);
    expect(policy.requests).toEqual([]);
    expect(desk.lastVerdict).toMatchObject({ aim: orders[0], refusal: null, lots: Quantity.of('0.3'), checks: [] });
    expect(desk.tally.of('trend')).toMatchObject({ approved: 1, orders: 1 });
  });

  it('refuses a close the policy refuses, with its code or CLOSE_REFUSED, and then opens nothing', () => {
    const policy = new ScriptedPolicy(sized('1'), { approved: false, reason: 'halted', code: 'TRADING_HALTED', checks: [{ code: 'TRADING_STATE', pass: false, reason: 'TRADING_HALTED', message: 'halted' }] });
    const { desk, lines } = deskWith(policy);
    hold(desk, 'trend', 'buy', '0.3');
    expect(desk.onSignal(signal('sell'), ID(1), T, 1.5)).toEqual([]);
    expect(policy.requests).toEqual([]);
    expect(desk.lastVerdict).toMatchObject({ aim: null, refusal: { code: 'TRADING_HALTED', reason: 'close refused: halted' }, lots: Quantity.of('0.3'), checks: policy.closeAnswer?.checks });
    expect(lines().at(-1)).toEqual({ event: 'skip', time: T, symbol: 'EURUSD', reason: 'close refused: halted' });
    policy.closeAnswer = { approved: false, reason: 'no' };
    expect(desk.onSignal(signal('flat'), ID(2), T, 1.5)).toEqual([]);
    expect(desk.lastVerdict?.refusal).toEqual({ code: 'CLOSE_REFUSED', reason: 'close refused: no' });
    expect(desk.tally.of('trend').rejected).toEqual({ TRADING_HALTED: 1, CLOSE_REFUSED: 1 });
  });

  it('reverses with a close leg then an entry sized as if the close had filled, each with its own decision id', () => {
    const policy = new ScriptedPolicy(sized('0.2'));
    const { desk } = deskWith(policy);
    hold(desk, 'trend', 'buy', '0.3');
    const [close, entry] = desk.onSignal(signal('sell', { reason: 'turn' }), ID(1), T, 1.5);
    const closeId = clientOrderIdFor(decisionIdFor(ID(1), 'close', T));
    expect(close).toEqual({ type: 'market', id: closeId, strategy: 'trend', symbol: 'EURUSD', side: 'sell', quantity: Quantity.of('0.3'), reason: 'close before reversing: turn', reduceOnly: true });
    expect(entry).toMatchObject({ side: 'sell', quantity: Quantity.of('0.2'), reason: 'turn', reduceOnly: false, id: clientOrderIdFor(decisionIdFor(ID(1), 'order', T)) });
    expect(policy.requests[0]).toMatchObject({ closing: Quantity.of('0.3'), closingOrderId: closeId, decisionId: decisionIdFor(ID(1), 'order', T) });
    expect(desk.lastVerdict).toMatchObject({ aim: entry, refusal: null, lots: Quantity.of('0.2') });
  });
});

describe('order legs: sizing an entry', () => {
  it('asks the policy with the equity to the cent, the reference price (else the last close) and its conversion rate', () => {
    const policy = new ScriptedPolicy(sized('0.1'));
    const { desk } = deskWith(policy);
    desk.onSignal(signal('buy', { referencePrice: 1.49 }), ID(1), T, 1.5);
    desk.onSignal(signal('buy', { strategy: 'other', symbol: 'GBPUSD' }), ID(2), T, 1.47);
    const [first, second] = policy.requests;
    expect(first).toMatchObject({ signalId: ID(1), decisionId: decisionIdFor(ID(1), 'order', T), clientOrderId: clientOrderIdFor(decisionIdFor(ID(1), 'order', T)), entryPrice: 1.49, time: T, closing: Quantity.of(0) });
    expect(first.equity.toString()).toBe(Money.of('10000.00', 'USD').toString());
    expect(first.instrument.symbol).toBe('EURUSD');
    expect(first.quoteToAccount.equals(new ExactDecimal(1))).toBe(true);
    expect('closingOrderId' in first).toBe(false);
    expect(second).toMatchObject({ entryPrice: 1.47, signal: signal('buy', { strategy: 'other', symbol: 'GBPUSD' }) });
    expect(second.book).toBe(desk.book);
    expect(second.instrument.symbol).toBe('GBPUSD');
  });

  it('sends the policy’s stop and target over the signal’s, and logs the sizing', () => {
    const { desk, lines } = deskWith(new ScriptedPolicy(sized('0.1', { stopLoss: 1.49, takeProfit: 1.53 })));
    const [withPolicy] = desk.onSignal(signal('buy', { stopLoss: 1.48, takeProfit: 1.52 }), ID(1), T, 1.5);
    expect(withPolicy).toMatchObject({ stopLoss: 1.49, takeProfit: 1.53 });
    expect(lines().at(-1)).toEqual({ event: 'sizing', time: T, symbol: 'EURUSD', lots: '0.1', reason: 'sized 0.1' });
    const plain = deskWith(new ScriptedPolicy(sized('0.1'))).desk;
    const [withSignal] = plain.onSignal(signal('buy', { stopLoss: 1.48, takeProfit: 1.52 }), ID(1), T, 1.5);
    expect(withSignal).toMatchObject({ stopLoss: 1.48, takeProfit: 1.52 });
  });

  it('keeps the checks, the downsize and the equity the policy judged on in the verdict', () => {
    const checks = [{ code: 'PORTFOLIO_VAR', pass: true as const, detail: 'fits' }];
    const { desk } = deskWith(new ScriptedPolicy(sized('0.1', { checks, downsizedFrom: '0.3', equity: '9999.5' })));
    desk.onSignal(signal('buy'), ID(1), T, 1.5);
    expect(desk.lastVerdict).toMatchObject({ checks, downsizedFrom: '0.3', equity: '9999.5', lots: Quantity.of('0.1') });
  });

  it('keeps the book’s equity to the cent and no downsize in the verdict when the policy reports neither', () => {
    const { desk } = deskWith(new ScriptedPolicy(sized('0.1')));
    // A 0.3 long bought at 1.5 and marked at 1.51: 10,000 + 0.3 × 100,000 × 0.01 = 10,300.00.
    hold(desk, 'trend', 'buy', '0.3');
    desk.observeBar({ symbol: 'EURUSD', barTime: T, time: T + 3_600_000, open: 1.51, high: 1.51, low: 1.51, close: 1.51, spread: 0, slippage: 0 });
    const [entry] = desk.onSignal(signal('buy', { strategy: 'other' }), ID(1), T + 3_600_000, 1.51);
    const verdict = desk.lastVerdict;
    expect(verdict).toMatchObject({ aim: entry, refusal: null, lots: Quantity.of('0.1'), equity: '10300.00' });
    // Absent, not undefined: the verdict is published as a message.
    expect(verdict !== null && 'downsizedFrom' in verdict).toBe(false);
  });

  it('refuses a zero size with the policy’s code, NOT_SIZED without one; a capped size is tallied, not refused', () => {
    const policy = new ScriptedPolicy({ quantity: Quantity.of(0), reason: 'too small', code: 'SIZE_BELOW_MINIMUM' });
    const { desk } = deskWith(policy);
    expect(desk.onSignal(signal('buy'), ID(1), T, 1.5)).toEqual([]);
    expect(desk.lastVerdict).toMatchObject({ aim: null, refusal: { code: 'SIZE_BELOW_MINIMUM', reason: 'too small' }, lots: Quantity.of(0) });
    policy.answer = { quantity: Quantity.of(0), reason: 'nothing' };
    desk.onSignal(signal('buy'), ID(2), T, 1.5);
    expect(desk.lastVerdict?.refusal).toEqual({ code: 'NOT_SIZED', reason: 'nothing' });
    policy.answer = sized('1', { code: CAPPED });
    expect(desk.onSignal(signal('buy'), ID(3), T, 1.5)).toHaveLength(1);
    expect(desk.tally.of('trend')).toMatchObject({ signals: 3, capped: 1, approved: 1, rejected: { SIZE_BELOW_MINIMUM: 1, NOT_SIZED: 1 } });
  });

  it('refuses every entry behind an exposure gate with its code, and still lets a close through', () => {
    const policy = new ScriptedPolicy(sized('0.1'));
    const { desk, lines } = deskWith(policy);
    hold(desk, 'trend', 'buy', '0.3');
    expect(desk.exposureGate).toBeNull();
    desk.closeToNewExposure({ code: 'NOT_RECONCILED', reason: 'book not checked' }, T);
    expect(desk.exposureGate).toEqual({ code: 'NOT_RECONCILED', reason: 'book not checked' });
    expect(lines().at(-1)).toEqual({ event: 'exposure-gate', time: T, open: false, code: 'NOT_RECONCILED', reason: 'book not checked' });
    const legs = desk.onSignal(signal('sell'), ID(1), T, 1.5);
    expect(legs.map((order) => order.reduceOnly)).toEqual([true]);
    expect(policy.requests).toEqual([]);
    expect(lines().at(-1)).toEqual({ event: 'refuse', time: T, symbol: 'EURUSD', strategy: 'trend', code: 'NOT_RECONCILED', lots: '0', reason: 'book not checked' });
    expect(desk.lastVerdict).toMatchObject({ aim: null, refusal: { code: 'NOT_RECONCILED', reason: 'book not checked' }, lots: Quantity.of(0), checks: [] });
    expect(desk.tally.of('trend').rejected).toEqual({ NOT_RECONCILED: 1 });
  });
});

describe('order legs: the free margin', () => {
  it('sends 2 lots that take exactly the 10,000.00 free; refuses 2.01 lots, naming both figures', () => {
    const policy = new ScriptedPolicy(sized('2'));
    const { desk, lines } = deskWith(policy);
    expect(desk.onSignal(signal('buy'), ID(1), T, 1.5)).toHaveLength(1);
    const other = deskWith(new ScriptedPolicy(sized('2.01')));
    expect(other.desk.onSignal(signal('buy'), ID(1), T, 1.5)).toEqual([]);
    const reason = '2.01 lots need 10050.00 USD of margin; the free margin is 10000.00 USD';
    expect(other.desk.lastVerdict?.refusal).toEqual({ code: 'INSUFFICIENT_MARGIN', reason });
    expect(other.lines().at(-1)).toEqual({ event: 'refuse', time: T, symbol: 'EURUSD', strategy: 'trend', code: 'INSUFFICIENT_MARGIN', lots: '2.01', reason });
    expect(other.desk.tally.of('trend')).toMatchObject({ approved: 0, rejected: { INSUFFICIENT_MARGIN: 1 } });
    expect(lines().some((line) => line['event'] === 'refuse')).toBe(false);
  });

  it('counts the margin of working orders on every symbol, at their own price or else the bid', () => {
    const policy = new ScriptedPolicy(sized('1'));
    const { desk } = deskWith(policy);
    // A GBPUSD market order of 0.5 lot at the 1.5 bid (2,500.00) and a EURUSD limit of 0.5 at 1.2 (2,000.00): 5,500.00 free.
    desk.book.sent({ id: 'working-1', strategy: 'x', symbol: 'GBPUSD', side: 'buy', quantity: Quantity.of('0.5') });
    desk.book.sent({ id: 'working-2', strategy: 'x', symbol: 'EURUSD', side: 'sell', quantity: Quantity.of('0.5'), price: 1.2 });
    expect(desk.onSignal(signal('buy'), ID(1), T, 1.5)).toHaveLength(1);
    policy.answer = sized('0.11');
    // The 1 lot just sent now holds 5,000.00 too: 500.00 free, 0.11 lot needs 550.00.
    expect(desk.onSignal(signal('buy', { strategy: 'more' }), ID(2), T, 1.5)).toEqual([]);
    expect(desk.lastVerdict?.refusal?.reason).toBe('0.11 lots need 550.00 USD of margin; the free margin is 500.00 USD');
    policy.answer = sized('0.1');
    expect(desk.onSignal(signal('buy', { strategy: 'more' }), ID(3), T, 1.5)).toHaveLength(1);
  });

  it('counts the margin a reversal’s close releases, and not the close as a working order', () => {
    const policy = new ScriptedPolicy(sized('2'));
    const { desk } = deskWith(policy);
    hold(desk, 'trend', 'buy', '2');
    // The long holds all 10,000.00; closing it frees 10,000.00 for the 2-lot short.
    expect(desk.onSignal(signal('sell'), ID(1), T, 1.5).map((order) => order.quantity.toString())).toEqual(['2', '2']);
    policy.answer = sized('2.01');
    const legs = deskWith(policy);
    hold(legs.desk, 'trend', 'buy', '2');
    expect(legs.desk.onSignal(signal('sell'), ID(2), T, 1.5)).toHaveLength(1);
    expect(legs.desk.lastVerdict?.refusal?.reason).toBe('2.01 lots need 10050.00 USD of margin; the free margin is 10000.00 USD');
  });
});
