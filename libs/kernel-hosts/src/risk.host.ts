// The risk desk as a message handler, the way the risk service runs it:
// market bars move its market state, signals become decisions and orders
// (order.submit), execution reports and financing are booked in its book of
// record, risk.command presses the kill switch, reduces or resumes, and
// working orders the trading state no longer allows are cancelled
// (order.cancel). Order messages take ids derived from their decision.
// Every signal decided is announced as risk.decision, every change of the
// trading state as risk.state. A host started as a service first asks the
// venue for a snapshot and takes no new exposure until its book agrees with
// it (fail-closed start); set-limits replaces the risk limits from the next
// decision on.
//
// Its decision log is the whole account's, as the backtest's is: besides the
// desk's lines it keeps the venue's — each order as it is sent, and each
// fill, cancel and margin call as the venue reports it — so the risk service,
// the authority over the portfolio, holds the complete audit trail.
import {
  type BarClosed,
  type Envelope,
  type ExecutionReported,
  type MessageEnvelope,
  type MessageFactory,
  decisionIdOf,
  derivedId,
  orderMessageIdFor,
  topics,
} from '@trading/contracts';
import { type DecisionRecord, type DecisionSink, type Instrument, ManualClock, Money, Quantity, timeframeMs } from '@trading/domain';
import { type DeskOrder, DEFAULT_RISK_LIMITS, RiskDesk, type RiskLimits, RiskLimitsError, type SizingPolicy, type TradingState, moreSevere, parseRiskLimits } from '@trading/risk-engine';
import { type AnnouncedState, riskDecisionPayload, riskStatePayload } from './risk-announcements';
import { type FillModel, swapRecord, VenueCosts } from '@trading/simulated-venue';
import type { Publish } from './publish';

export interface RiskHostOptions {
  readonly instruments: readonly Instrument[];
  readonly initialCash: Money;
  readonly conversionRates?: Readonly<Record<string, number>>;
  readonly policy: SizingPolicy;
  /** The paper venue's fill model: the desk prices entries with the venue's spread and slippage. */
  readonly fill: FillModel;
  readonly factory: MessageFactory;
  readonly publish: Publish;
  readonly decisions?: DecisionSink;
  /** Whether a bar moves the market state (the finest data of its symbol at its time); every bar by default. */
  readonly drives?: (bar: BarClosed) => boolean;
}

/** The gate's code while the book has not been reconciled with the venue. */
export const VENUE_UNRECONCILED = 'VENUE_UNRECONCILED';

/** A symbol's latest bid and ask, from market.quote. */
export interface Quote {
  readonly symbol: string;
  readonly time: number;
  readonly bid: number;
  readonly ask: number;
}

/** A command the desk refuses as given (a limits document that does not parse): nothing changed. */
export class CommandRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandRefused';
  }
}

export class RiskHost {
  readonly desk: RiskDesk;
  private readonly clock = new ManualClock(0);
  private readonly costs: VenueCosts;
  private readonly factory: MessageFactory;
  private readonly publish: Publish;
  private readonly drives: (bar: BarClosed) => boolean;
  private readonly decisions: DecisionSink | undefined;
  private readonly lastClose = new Map<string, number>();
  /** Orders sent and not yet finished, for refusals. */
  private readonly sent = new Map<string, DeskOrder>();
  /** The state last announced on risk.state (null before the first announcement). */
  private announced: TradingState | null = null;
  /** Each symbol's latest bid/ask: marks for the read API, never an input of a decision. */
  private readonly quotes = new Map<string, Quote>();

  constructor(options: RiskHostOptions) {
    this.desk = new RiskDesk({ instruments: options.instruments, initialCash: options.initialCash, conversionRates: options.conversionRates, policy: options.policy, decisions: options.decisions });
    this.costs = new VenueCosts(options.instruments, options.fill);
    this.factory = options.factory;
    this.publish = options.publish;
    this.drives = options.drives ?? (() => true);
    this.decisions = options.decisions;
  }

  onBar(envelope: MessageEnvelope<'market.bar'>): void {
    const bar = envelope.payload;
    this.lastClose.set(bar.symbol, bar.close);
    if (!this.drives(bar)) return;
    const now = this.at(envelope);
    const slot = this.desk.book.slotOf(bar.symbol);
    // The venue has worked this bar already: its fills are booked, its ATR moved.
    this.costs.observe(slot, bar.high, bar.low, bar.close);
    this.desk.settle(now);
    this.desk.observeBar({ symbol: bar.symbol, barTime: bar.time, time: now, open: bar.open, high: bar.high, low: bar.low, close: bar.close, spread: this.costs.spread(slot, bar.spread), slippage: this.costs.slippage(slot) });
    this.sendCancels(envelope);
    this.announceState(envelope);
  }

  /**
   * market.quote: kept as the symbol's latest bid/ask (an older quote than the
   * one held is dropped). Decisions price with bars, as the backtest does, so
   * a quote neither moves the clock nor the desk: it only marks.
   */
  onQuote(envelope: MessageEnvelope<'market.quote'>): void {
    const { symbol, time, bid, ask } = envelope.payload;
    const held = this.quotes.get(symbol);
    if (held === undefined || time >= held.time) this.quotes.set(symbol, { symbol, time, bid, ask });
  }

  /** The latest quote of each symbol that has one, by symbol. */
  latestQuotes(): Quote[] {
    return [...this.quotes.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  }

  onSignal(envelope: MessageEnvelope<'signal'>): void {
    const now = this.at(envelope);
    const signal = envelope.payload;
    const orders = this.desk.onSignal(signal, envelope.id, now, this.lastClose.get(signal.symbol) ?? Number.NaN);
    const verdict = this.desk.lastVerdict;
    if (verdict !== null) {
      const payload = riskDecisionPayload(verdict, this.announcement().state);
      this.publish(topics.riskDecision(signal.symbol), this.factory.create('risk.decision', payload, { id: derivedId(envelope.id, 'risk/risk.decision', now), occurredAt: now, causedBy: envelope }));
    }
    for (const order of orders) this.sendOrder(order, envelope);
    this.sendCancels(envelope);
    this.announceState(envelope);
  }

  onReport(envelope: MessageEnvelope<'execution.report'>): void {
    const now = this.at(envelope);
    const report = envelope.payload;
    if (report.status === 'filled' || report.status === 'partially_filled') {
      if (report.origin === 'venue') this.decisions?.record(venueOrderRecord(report, now));
      this.decisions?.record(fillRecord(report, now));
      this.desk.onFill({
        orderId: report.clientOrderId,
        strategy: report.strategy,
        symbol: report.symbol,
        side: report.side,
        quantity: Quantity.of(report.lastFillSize as string),
        price: Number(report.lastFillPrice),
        time: report.executedAt,
        commission: Money.of(report.commission, report.commissionCurrency),
        reason: report.reason ?? report.status,
      });
      if (report.status === 'filled') this.sent.delete(report.clientOrderId);
    } else if (report.status === 'cancelled' || report.status === 'expired') {
      this.decisions?.record({ event: report.status === 'cancelled' ? 'cancel' : 'expire', time: now, orderId: report.clientOrderId, strategy: report.strategy, symbol: report.symbol, reason: report.reason ?? report.status });
      this.desk.onCancel(report.clientOrderId);
      this.sent.delete(report.clientOrderId);
    } else if (report.status === 'rejected') {
      const order = this.sent.get(report.clientOrderId);
      this.sent.delete(report.clientOrderId);
      if (order !== undefined) this.desk.onOrderRejected(order, report.reason ?? 'rejected by the venue', now);
    }
    this.sendCancels(envelope);
    this.announceState(envelope);
  }

  onFinancing(envelope: MessageEnvelope<'account.financing'>): void {
    this.at(envelope);
    const charge = envelope.payload;
    this.decisions?.record(swapRecord(charge.bookedAt, charge.strategy, charge.symbol, charge.nights, charge.amount));
    this.desk.onSwap(charge.strategy, charge.symbol, Money.of(charge.amount, charge.currency).amount);
    this.announceState(envelope);
  }

  onMarginCall(envelope: MessageEnvelope<'account.margin-call'>): void {
    this.at(envelope);
    const call = envelope.payload;
    this.decisions?.record({ event: 'margin-call', time: call.at, level: Number(call.level.toFixed(4)), equity: Number(call.equity.toFixed(2)), marginUsed: Number(call.marginUsed.toFixed(2)) });
  }

  /**
   * An operator's command. set-limits parses its document with the limits
   * parser of `trading backtest --risk` before anything changes: a bad one
   * throws CommandRefused naming the field, and the host is as it was.
   */
  onCommand(envelope: MessageEnvelope<'risk.command'>): void {
    const payload = envelope.payload;
    const { action, requestedBy, reason } = payload;
    const commandId = envelope.id;
    const limits = action === 'set-limits' ? this.parseLimits(payload.limits) : null;
    const now = this.at(envelope);
    const command =
      limits !== null
        ? { kind: 'set-limits' as const, commandId, by: requestedBy, reason, limits }
        : action === 'kill'
          ? { kind: 'kill-switch' as const, commandId, reason }
          : action === 'reduce'
            ? { kind: 'reduce' as const, commandId, reason }
            : { kind: 'resume' as const, commandId, by: requestedBy };
    for (const order of this.desk.command(command, now)) this.sendOrder(order, envelope);
    this.sendCancels(envelope);
    this.announceState(envelope);
  }

  /**
   * The service starts: it asks the venue for a snapshot (`request`, sent as
   * given) and refuses new exposure until a snapshot agrees with its book.
   * Handled again from the journal on restart, so the gate is part of the
   * replayed state.
   */
  onStart(request: MessageEnvelope<'venue.snapshot-request'>): void {
    const now = this.at(request);
    if (this.desk.exposureGate === null) {
      this.desk.closeToNewExposure({ code: VENUE_UNRECONCILED, reason: 'the risk service started and has not reconciled its book with the venue yet' }, now);
    }
    this.publish(topics.venueSnapshotRequest(), request);
    this.announceState(request);
  }

  /** The venue's snapshot: the gate opens when it agrees with the book; otherwise the differences are announced. */
  onVenueSnapshot(envelope: MessageEnvelope<'venue.snapshot'>): void {
    const now = this.at(envelope);
    const differences = this.desk.reconcileWithVenue(envelope.payload, now, VENUE_UNRECONCILED);
    // A disagreement is announced even when the state stays as it was: the differences are news.
    this.announceState(envelope, differences.length > 0);
  }

  /** The current market time of the host (the latest message's). */
  now(): number {
    return this.clock.now();
  }

  /** The state the host announces now: the policy's, made at least REDUCING while the gate is closed. */
  announcement(): AnnouncedState {
    const policyState = this.desk.policy.tradingState?.() ?? 'ACTIVE';
    const gate = this.desk.exposureGate;
    const state = gate === null ? policyState : moreSevere(policyState, 'REDUCING');
    if (gate !== null && policyState !== 'HALTED') return { state, reasonCode: gate.code, reason: gate.reason, until: null };
    const cause = this.desk.policy.stateCause?.() ?? null;
    if (cause !== null) return { state, reasonCode: cause.code, reason: cause.reason, until: cause.until };
    return { state, reasonCode: 'ACTIVE', reason: 'no breaker is tripped and the book agrees with the venue', until: null };
  }

  private announceState(cause: Envelope, force = false): void {
    const announced = this.announcement();
    if (!force && announced.state === this.announced) return;
    const now = this.clock.now();
    const payload = riskStatePayload(this.desk, announced, this.announced, now);
    this.announced = announced.state;
    this.publish(topics.riskState(), this.factory.create('risk.state', payload, { id: derivedId(cause.id, 'risk/risk.state', now), occurredAt: now, causedBy: cause }));
  }

  private parseLimits(text: string | undefined): RiskLimits {
    if (text === undefined) throw new CommandRefused('limits: required when action is set-limits');
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      throw new CommandRefused(`limits: is not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    let limits: RiskLimits;
    try {
      limits = parseRiskLimits(document, DEFAULT_RISK_LIMITS);
    } catch (error) {
      if (error instanceof RiskLimitsError) throw new CommandRefused(`limits: ${error.issues.join('; ')}`);
      throw error;
    }
    const currency = this.desk.book.cash.currency;
    if (limits.accountCurrency !== currency) throw new CommandRefused(`limits: accountCurrency: must stay ${currency}, the account's currency (got ${limits.accountCurrency})`);
    return limits;
  }

  /** Trades closed by the venue's last reports go to the policy (the end of a backtest's data). */
  settle(time: number): void {
    this.desk.settle(time);
  }

  /** flow.end: the replay's data ended; the venue's close-out fills came first. */
  onEnd(envelope: MessageEnvelope<'flow.end'>): void {
    this.at(envelope);
    this.settle(envelope.payload.time);
  }

  private at(envelope: Envelope): number {
    if (envelope.occurredAt > this.clock.now()) this.clock.set(envelope.occurredAt);
    return this.clock.now();
  }

  private sendOrder(order: DeskOrder, cause: Envelope): void {
    const time = this.clock.now();
    this.sent.set(order.id, order);
    this.decisions?.record({
      event: 'order',
      time,
      orderId: order.id,
      strategy: order.strategy,
      symbol: order.symbol,
      side: order.side,
      type: order.type,
      lots: order.quantity.toString(),
      price: null,
      stopLoss: order.stopLoss ?? null,
      takeProfit: order.takeProfit ?? null,
      reason: order.reason,
    });
    const decisionId = decisionIdOf(order.id);
    const payload = {
      clientOrderId: order.id,
      decisionId,
      symbol: order.symbol,
      side: order.side,
      size: order.quantity.toString(),
      orderType: order.type,
      ...(order.stopLoss === undefined ? {} : { stopLoss: String(order.stopLoss) }),
      ...(order.takeProfit === undefined ? {} : { takeProfit: String(order.takeProfit) }),
      timeInForce: 'GTC' as const,
      reduceOnly: order.reduceOnly,
      strategy: order.strategy,
      reason: order.reason,
    };
    this.publish(topics.orderSubmit(order.symbol), this.factory.create('order.submit', payload, { id: orderMessageIdFor(decisionId, time), occurredAt: time, causedBy: cause }));
  }

  private sendCancels(cause: Envelope): void {
    const time = this.clock.now();
    for (const cancel of this.desk.drainCancels()) {
      const order = this.sent.get(cancel.orderId);
      const symbol = order?.symbol ?? this.symbolOfWorking(cancel.orderId);
      const payload = { clientOrderId: cancel.orderId, symbol, requestedBy: 'risk', reason: cancel.reason };
      this.publish(topics.orderCancel(symbol), this.factory.create('order.cancel', payload, { id: derivedId(cancel.orderId, 'risk/order.cancel', time), occurredAt: time, causedBy: cause }));
    }
  }

  private symbolOfWorking(orderId: string): string {
    const book = this.desk.book;
    for (let slot = 0; slot < book.instruments.length; slot++) if (book.workingOrders(slot).some((order) => order.id === orderId)) return book.instruments[slot].symbol;
    throw new RangeError(`order ${orderId} is not working`);
  }
}

/** The venue's line for an order it opened itself (a bracket, a stop-out), from the fill report that closes it. */
function venueOrderRecord(report: ExecutionReported, time: number): DecisionRecord {
  const level = (text: string | undefined): number | null => (text === undefined ? null : Number(text));
  return {
    event: 'order',
    time,
    orderId: report.clientOrderId,
    strategy: report.strategy,
    symbol: report.symbol,
    side: report.side,
    type: report.orderType ?? 'market',
    lots: report.orderSize,
    price: level(report.price),
    stopLoss: level(report.stopLoss),
    takeProfit: level(report.takeProfit),
    reason: report.reason ?? 'venue order',
  };
}

/** The venue's line for one fill, from its report. */
function fillRecord(report: ExecutionReported, time: number): DecisionRecord {
  return {
    event: 'fill',
    time,
    orderId: report.clientOrderId,
    strategy: report.strategy,
    symbol: report.symbol,
    side: report.side,
    lots: report.lastFillSize ?? report.filledSize,
    price: report.lastFillPrice ?? report.averagePrice ?? null,
    barTime: report.barTime ?? null,
    commission: report.commission,
    realizedPnl: report.realizedPnl ?? null,
    position: report.positionAfter ?? null,
    cash: report.cashAfter ?? null,
    reason: report.reason ?? report.status,
  };
}

/** The close time of a bar message: the market time of everything it causes. */
export function barCloseTime(bar: BarClosed): number {
  return bar.time + timeframeMs(bar.timeframe);
}
