// The risk desk: the one place an intent becomes an order. It reads each
// strategy's signal against that strategy's own position in the desk's book
// (flat closes it, the same side is skipped, the other side reverses), sizes
// new exposure through its sizing policy (a fixed size, a fixed fraction, or
// the full risk engine), and keeps the book of record from the venue's fills.
// It is pure and synchronous: a backtest drives it bar by bar, the risk
// service message by message, with the same results.
import { type SignalGenerated, clientOrderIdFor, decisionIdFor } from '@trading/contracts';
import { type ExactDecimal, type Instrument, Money, Quantity } from '@trading/domain';
import type { ClosedTrade, FillBooking, OrderSide } from '@trading/portfolio';
import type { DecisionRecord, DecisionSink } from './decision-sink';
import { DeskBook, type ReportedFill } from './desk-book';
import type { RiskSummary } from './risk-summary';
import { DeskTally } from './desk-tally';
import { CAPPED, type SizingPolicy } from './sizing.policy';

export interface RiskDeskOptions {
  readonly instruments: readonly Instrument[];
  readonly initialCash: Money;
  readonly conversionRates?: Readonly<Record<string, number>>;
  readonly policy: SizingPolicy;
  /** Receives the desk's decision-log records and the policy's lines. */
  readonly decisions?: DecisionSink;
}

/** An order the desk sends to the venue. */
export interface DeskOrder {
  readonly id: string;
  readonly strategy: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: 'market';
  readonly quantity: Quantity;
  readonly stopLoss?: number;
  readonly takeProfit?: number;
  readonly reason: string;
}

/** One closed bar of a symbol, with the spread the venue charges on it (price units). */
export interface DeskBarInput {
  readonly symbol: string;
  /** Bar start, UTC ms. */
  readonly barTime: number;
  /** Bar close, UTC ms: the time of everything the bar causes. */
  readonly time: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly spread: number;
}

export class RiskDesk {
  readonly book: DeskBook;
  readonly policy: SizingPolicy;
  readonly tally = new DeskTally();
  private readonly sink: DecisionSink | undefined;
  private readonly closedTrades: ClosedTrade[] = [];
  private reported = 0;

  constructor(options: RiskDeskOptions) {
    this.book = new DeskBook(options);
    this.policy = options.policy;
    this.sink = options.decisions;
  }

  /** Trades closed so far, in the order they closed. */
  get trades(): readonly ClosedTrade[] {
    return this.book.ledger.trades;
  }

  /** A bar closed: quote the symbol, mark its positions, and let the policy follow the market. */
  observeBar(bar: DeskBarInput): void {
    const slot = this.book.slotOf(bar.symbol);
    this.book.quote(slot, bar.close, bar.spread);
    this.policy.observeBar?.({ symbol: bar.symbol, slot, barTime: bar.barTime, time: bar.time, high: bar.high, low: bar.low, close: bar.close, book: this.book });
  }

  /** The venue filled (part of) an order. */
  onFill(fill: ReportedFill): FillBooking {
    const booking = this.book.fill(fill);
    this.tally.of(fill.strategy).fills++;
    if (booking.trade !== undefined) this.closedTrades.push(booking.trade);
    return booking;
  }

  /** The venue booked financing on a position (negative when paid). */
  onSwap(strategy: string, symbol: string, amount: ExactDecimal): void {
    this.book.ledger.chargeSwap(this.book.position(strategy, symbol), amount);
  }

  /** The venue cancelled an order. */
  onCancel(orderId: string): void {
    this.book.removed(orderId);
  }

  /** Hands trades closed since the last call to the policy (its losing-streak breaker), at `time`. */
  settle(time: number): void {
    const hook = this.policy.onTradeClosed;
    if (hook === undefined) {
      this.reported = this.closedTrades.length;
      return;
    }
    while (this.reported < this.closedTrades.length) hook.call(this.policy, this.closedTrades[this.reported++], time);
  }

  /**
   * The venue refused an order the desk sent. Without a policy that follows
   * refusals, a refused order is a bug in the desk and is thrown.
   */
  onOrderRejected(order: DeskOrder, message: string, time: number): void {
    this.book.removed(order.id);
    if (this.policy.onOrderRejected === undefined) throw new RangeError(message);
    this.tally.reject(order.strategy, 'VENUE_REJECTED');
    this.sink?.record({ event: 'reject', time, symbol: order.symbol, side: order.side, lots: order.quantity.toString(), reason: message });
    this.policy.onOrderRejected(message, time);
  }

  /**
   * A strategy's signal (the payload of message `signalId`) at `time` (the
   * bar's close, `lastClose` its price): the orders it leads to, already
   * entered in the book as working. Each order's id derives from its decision,
   * whose id derives from the signal's.
   */
  onSignal(signal: SignalGenerated, signalId: string, time: number, lastClose: number): DeskOrder[] {
    const clientOrderId = clientOrderIdFor(decisionIdFor(signalId, 'order', time));
    this.record(signalRecord(time, signal, signalId));
    const { strategy, symbol } = signal;
    const tally = this.tally.of(strategy);
    tally.signals++;
    const book = this.book;
    const position = book.position(strategy, symbol);
    const ledger = book.ledger;
    const side = ledger.sideAt(position);
    if (signal.side === 'flat') {
      if (side === 0) {
        tally.skipped++;
        this.record({ event: 'skip', time, symbol, reason: 'flat signal while already flat' });
        return [];
      }
      const quantity = ledger.quantityAt(position);
      const close = this.policy.approveClose?.({ signal, signalId, clientOrderId, time, quantity, book });
      if (close && !close.approved) {
        this.tally.reject(strategy, close.code ?? 'CLOSE_REFUSED');
        this.record({ event: 'skip', time, symbol, reason: `close refused: ${close.reason}` });
        return [];
      }
      return [this.send({ id: clientOrderId, strategy, symbol, side: side > 0 ? 'sell' : 'buy', quantity, reason: signal.reason })];
    }
    const direction = signal.side === 'buy' ? 1 : -1;
    if (side === direction) {
      tally.skipped++;
      this.record({ event: 'skip', time, symbol, reason: `${signal.side} signal while already ${side > 0 ? 'long' : 'short'}` });
      return [];
    }
    const slot = book.slotOf(symbol);
    const entryPrice = signal.referencePrice ?? lastClose;
    const reversing = side === -direction ? ledger.quantityAt(position) : Quantity.of(0);
    const decision = this.policy.size({
      signal,
      signalId,
      clientOrderId,
      instrument: book.instruments[slot],
      equity: Money.of(book.equity().toFixed(2), book.cash.currency),
      entryPrice,
      quoteToAccount: ledger.quoteToAccount(slot, entryPrice),
      time,
      book,
      closing: reversing,
    });
    this.record({ event: 'sizing', time, symbol, lots: decision.quantity.toString(), reason: decision.reason });
    if (decision.code === CAPPED) tally.capped++;
    else if (decision.quantity.isZero()) this.tally.reject(strategy, decision.code ?? 'NOT_SIZED');
    const opening = this.marginAllows(strategy, slot, decision.quantity, reversing, entryPrice, time) ? decision.quantity : Quantity.of(0);
    const quantity = opening.plus(reversing);
    if (quantity.isZero()) return [];
    const opens = !opening.isZero();
    return [
      this.send({
        id: clientOrderId,
        strategy,
        symbol,
        side: signal.side,
        quantity,
        stopLoss: opens ? (decision.stopLoss ?? signal.stopLoss) : undefined,
        takeProfit: opens ? (decision.takeProfit ?? signal.takeProfit) : undefined,
        reason: opens ? signal.reason : `close: ${signal.reason}`,
      }),
    ];
  }

  /**
   * The broker's hard limit: new exposure must fit in the free margin (equity
   * less the margin of positions and of working orders), counting the margin
   * a reversal's close releases. A refusal is logged and tallied.
   */
  private marginAllows(strategy: string, slot: number, lots: Quantity, closing: Quantity, price: number, time: number): boolean {
    if (lots.isZero()) return true;
    const ledger = this.book.ledger;
    const bid = this.book.bid(slot);
    const required = ledger.marginFor(slot, lots.toNumber(), price);
    let free = ledger.freeMargin() + (closing.isZero() ? 0 : ledger.marginFor(slot, closing.toNumber(), bid));
    for (let s = 0; s < this.book.instruments.length; s++) {
      const orders = this.book.workingOrders(s);
      for (let k = 0; k < orders.length; k++) free -= ledger.marginFor(s, orders[k].quantity.toNumber(), orders[k].price ?? this.book.bid(s));
    }
    if (required <= free) return true;
    this.tally.reject(strategy, 'INSUFFICIENT_MARGIN');
    const currency = this.book.cash.currency;
    this.record({
      event: 'refuse',
      time,
      symbol: this.book.instruments[slot].symbol,
      strategy,
      code: 'INSUFFICIENT_MARGIN',
      lots: lots.toString(),
      reason: `${lots.toString()} lots need ${required.toFixed(2)} ${currency} of margin; the free margin is ${free.toFixed(2)} ${currency}`,
    });
    return false;
  }

  riskSummary(): RiskSummary | undefined {
    return this.policy.riskSummary?.();
  }

  private send(fields: Omit<DeskOrder, 'type'>): DeskOrder {
    const order: DeskOrder = { type: 'market', ...fields };
    const tally = this.tally.of(order.strategy);
    tally.approved++;
    tally.orders++;
    this.book.sent(order);
    return order;
  }

  private record(record: DecisionRecord): void {
    this.sink?.record(record);
  }
}

function signalRecord(time: number, signal: SignalGenerated, signalId: string): DecisionRecord {
  return {
    event: 'signal',
    time,
    signalId,
    strategy: signal.strategy,
    symbol: signal.symbol,
    barTime: signal.barTime,
    side: signal.side,
    strength: signal.strength,
    confidence: signal.confidence,
    referencePrice: signal.referencePrice ?? null,
    stopLoss: signal.stopLoss ?? null,
    takeProfit: signal.takeProfit ?? null,
    reason: signal.reason,
  };
}
