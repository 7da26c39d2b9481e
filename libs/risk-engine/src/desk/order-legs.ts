// How a signal becomes orders, apart from the desk's lifecycle (bars, fills,
// commands, the trading state) because it is the rule a reviewer checks on its
// own: which legs a signal makes against its strategy's position, how each leg
// is approved, sized and held to the free margin, and how every refusal is
// logged and tallied. Every order the desk sends, a kill switch's too, is
// entered in the book here.
import { type SignalGenerated, clientOrderIdFor, decisionIdFor } from '@trading/contracts';
import { Money, Quantity } from '@trading/domain';
import type { DecisionRecord, DecisionSink } from '@trading/domain';
import type { OrderSide } from '@trading/portfolio';
import type { DeskBook } from './desk-book';
import type { DeskTally } from './desk-tally';
import { CAPPED, type SizingPolicy } from './sizing.policy';
import { ALREADY_FLAT, ALREADY_IN_POSITION, type SignalVerdict } from './signal-verdict';
import type { RuleVerdict } from '../risk.types';

/** What is known of a signal's aim while its legs are decided. */
interface Draft {
  refusal: { code: string; reason: string } | null;
  lots: Quantity;
  downsizedFrom: string | undefined;
  checks: readonly RuleVerdict[];
  equity: string;
}

const NO_CHECKS: readonly RuleVerdict[] = Object.freeze([]);
const ZERO = Quantity.of(0);

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
  /** True when the order only closes its strategy's position (a close leg, a kill-switch flattening). */
  readonly reduceOnly: boolean;
}

/** Why new exposure is refused before any sizing (a service that has not reconciled with its venue). */
export interface ExposureGate {
  readonly code: string;
  readonly reason: string;
}

export class OrderLegs {
  /** The desk's verdict on the last signal decided. */
  lastVerdict: SignalVerdict | null = null;
  /** While set, every entry leg is refused with its code; closes still pass. */
  gate: ExposureGate | null = null;
  private draft: Draft = { refusal: null, lots: ZERO, downsizedFrom: undefined, checks: NO_CHECKS, equity: '0' };

  constructor(
    private readonly book: DeskBook,
    private readonly policy: SizingPolicy,
    private readonly tally: DeskTally,
    private readonly sink: DecisionSink | undefined,
  ) {}

  /** The legs of a signal (see RiskDesk.onSignal), already entered in the book as working. */
  decide(signal: SignalGenerated, signalId: string, time: number, lastClose: number): DeskOrder[] {
    this.draft = { refusal: null, lots: ZERO, downsizedFrom: undefined, checks: NO_CHECKS, equity: this.book.equity().toFixed(2) };
    const orders = this.legs(signal, signalId, time, lastClose);
    const last = orders.length === 0 ? null : orders[orders.length - 1];
    const aim = last !== null && (signal.side === 'flat' || !last.reduceOnly) ? last : null;
    const draft = this.draft;
    this.lastVerdict = {
      signalId,
      strategy: signal.strategy,
      symbol: signal.symbol,
      side: signal.side,
      time,
      orders,
      aim,
      refusal: aim === null ? (draft.refusal ?? { code: 'NOT_SENT', reason: 'no order was sent for the signal' }) : null,
      lots: aim === null ? draft.lots : aim.quantity,
      ...(draft.downsizedFrom === undefined ? {} : { downsizedFrom: draft.downsizedFrom }),
      checks: draft.checks,
      equity: draft.equity,
    };
    return orders;
  }

  private legs(signal: SignalGenerated, signalId: string, time: number, lastClose: number): DeskOrder[] {
    this.record(signalRecord(time, signal, signalId));
    const { strategy, symbol } = signal;
    const tally = this.tally.of(strategy);
    tally.signals++;
    const held = this.book.ledger.sideAt(this.book.position(strategy, symbol));
    if (signal.side === 'flat') {
      if (held === 0) return this.skip(strategy, symbol, time, ALREADY_FLAT, 'flat signal while already flat');
      const close = this.closeLeg(signal, signalId, 'order', time);
      return close === null ? [] : [close];
    }
    const direction = signal.side === 'buy' ? 1 : -1;
    if (held === direction) return this.skip(strategy, symbol, time, ALREADY_IN_POSITION, `${signal.side} signal while already ${held > 0 ? 'long' : 'short'}`);
    const orders: DeskOrder[] = [];
    if (held === -direction) {
      const close = this.closeLeg(signal, signalId, 'close', time);
      // The entry was to be judged on a flat book: without the close there is no entry.
      if (close === null) return [];
      orders.push(close);
    }
    const entry = this.entryLeg(signal, signalId, time, lastClose, orders.length > 0 ? orders[0] : null);
    if (entry !== null) orders.push(entry);
    return orders;
  }

  /** An approved order: tallied, and entered in the book as working. */
  send(fields: Omit<DeskOrder, 'type'>): DeskOrder {
    const order: DeskOrder = { type: 'market', ...fields };
    const tally = this.tally.of(order.strategy);
    tally.approved++;
    tally.orders++;
    this.book.sent(order);
    return order;
  }

  private skip(strategy: string, symbol: string, time: number, code: string, reason: string): DeskOrder[] {
    this.draft.refusal = { code, reason };
    this.tally.of(strategy).skipped++;
    this.record({ event: 'skip', time, symbol, reason });
    return [];
  }

  /** The close of the strategy's whole position, if the policy approves it. */
  private closeLeg(signal: SignalGenerated, signalId: string, leg: 'order' | 'close', time: number): DeskOrder | null {
    const { strategy, symbol } = signal;
    const book = this.book;
    const position = book.position(strategy, symbol);
    const held = book.ledger.sideAt(position);
    const quantity = book.ledger.quantityAt(position);
    const decisionId = decisionIdFor(signalId, leg, time);
    const clientOrderId = clientOrderIdFor(decisionId);
    const verdict = this.policy.approveClose?.({ signal, signalId, decisionId, clientOrderId, time, quantity, book });
    this.draft.lots = quantity;
    this.draft.checks = verdict?.checks ?? NO_CHECKS;
    if (verdict && !verdict.approved) {
      this.draft.refusal = { code: verdict.code ?? 'CLOSE_REFUSED', reason: `close refused: ${verdict.reason}` };
      this.tally.reject(strategy, verdict.code ?? 'CLOSE_REFUSED');
      this.record({ event: 'skip', time, symbol, reason: `close refused: ${verdict.reason}` });
      return null;
    }
    const reason = leg === 'close' ? `close before reversing: ${signal.reason}` : signal.reason;
    return this.send({ id: clientOrderId, strategy, symbol, side: held > 0 ? 'sell' : 'buy', quantity, reason, reduceOnly: true });
  }

  /** New exposure: sized by the policy, then held to the free margin. */
  private entryLeg(signal: SignalGenerated, signalId: string, time: number, lastClose: number, closeLeg: DeskOrder | null): DeskOrder | null {
    const closing = closeLeg === null ? Quantity.of(0) : closeLeg.quantity;
    const { strategy, symbol } = signal;
    const book = this.book;
    const ledger = book.ledger;
    const slot = book.slotOf(symbol);
    const entryPrice = signal.referencePrice ?? lastClose;
    const draft = this.draft;
    if (this.gate !== null) {
      draft.refusal = this.gate;
      draft.checks = NO_CHECKS;
      draft.lots = ZERO;
      this.tally.reject(strategy, this.gate.code);
      this.record({ event: 'refuse', time, symbol, strategy, code: this.gate.code, lots: '0', reason: this.gate.reason });
      return null;
    }
    const decisionId = decisionIdFor(signalId, 'order', time);
    const clientOrderId = clientOrderIdFor(decisionId);
    const decision = this.policy.size({
      signal,
      signalId,
      decisionId,
      clientOrderId,
      instrument: book.instruments[slot],
      equity: Money.of(book.equity().toFixed(2), book.cash.currency),
      entryPrice,
      quoteToAccount: ledger.quoteToAccount(slot, entryPrice),
      time,
      book,
      closing,
      ...(closeLeg === null ? {} : { closingOrderId: closeLeg.id }),
    });
    this.record({ event: 'sizing', time, symbol, lots: decision.quantity.toString(), reason: decision.reason });
    draft.lots = decision.quantity;
    draft.checks = decision.checks ?? NO_CHECKS;
    draft.downsizedFrom = decision.downsizedFrom;
    if (decision.equity !== undefined) draft.equity = decision.equity;
    if (decision.quantity.isZero()) draft.refusal = { code: decision.code ?? 'NOT_SIZED', reason: decision.reason };
    const tally = this.tally.of(strategy);
    if (decision.code === CAPPED) tally.capped++;
    else if (decision.quantity.isZero()) this.tally.reject(strategy, decision.code ?? 'NOT_SIZED');
    if (decision.quantity.isZero() || !this.marginAllows(strategy, slot, decision.quantity, closeLeg, entryPrice, time)) return null;
    return this.send({
      id: clientOrderId,
      strategy,
      symbol,
      side: signal.side === 'buy' ? 'buy' : 'sell',
      quantity: decision.quantity,
      stopLoss: decision.stopLoss ?? signal.stopLoss,
      takeProfit: decision.takeProfit ?? signal.takeProfit,
      reason: signal.reason,
      reduceOnly: false,
    });
  }

  /**
   * The broker's hard limit: new exposure must fit in the free margin (equity
   * less the margin of positions and of working orders), counting the margin
   * a reversal's close releases. A refusal is logged and tallied.
   */
  private marginAllows(strategy: string, slot: number, lots: Quantity, closeLeg: DeskOrder | null, price: number, time: number): boolean {
    const ledger = this.book.ledger;
    const bid = this.book.bid(slot);
    const required = ledger.marginFor(slot, lots.toNumber(), price);
    let free = ledger.freeMargin() + (closeLeg === null ? 0 : ledger.marginFor(slot, closeLeg.quantity.toNumber(), bid));
    for (let s = 0; s < this.book.instruments.length; s++) {
      const orders = this.book.workingOrders(s);
      for (let k = 0; k < orders.length; k++) {
        // A close releases margin rather than taking it.
        if (orders[k] !== closeLeg) free -= ledger.marginFor(s, orders[k].quantity.toNumber(), orders[k].price ?? this.book.bid(s));
      }
    }
    if (required <= free) return true;
    this.tally.reject(strategy, 'INSUFFICIENT_MARGIN');
    const currency = this.book.cash.currency;
    this.draft.refusal = {
      code: 'INSUFFICIENT_MARGIN',
      reason: `${lots.toString()} lots need ${required.toFixed(2)} ${currency} of margin; the free margin is ${free.toFixed(2)} ${currency}`,
    };
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
