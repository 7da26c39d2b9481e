// The simulated venue as a message handler, the way the paper venue of the
// order-execution service runs it: market bars work the book, order.submit
// and order.cancel change it, and every acceptance, fill, cancel, refusal,
// financing charge and margin call goes out as a message (execution.report,
// account.financing, account.margin-call) the moment it happens, with an id
// derived from its order and its market time. A client order id is taken
// once: a second order.submit with it (a retry, a redelivery under another
// message id) changes nothing and reports nothing, so it cannot open a second
// position nor disturb the reports of the first.
import {
  type BarClosed,
  type CancelOrderCommand,
  type Envelope,
  type MessageFactory,
  type MessageEnvelope,
  type SubmitOrderCommand,
  type VenueSnapshotTaken,
  executionReportIdFor,
  derivedId,
  topics,
} from '@trading/contracts';
import { type DecisionSink, type Instrument, ManualClock, type Money, Quantity } from '@trading/domain';
import { type Fill, type FillModel, type Order, SimulatedVenue, type VenueBar, type VenueListener, loggingVenueListener } from '@trading/simulated-venue';
import type { Publish } from './publish';
import { barCloseTime } from './risk.host';

export interface VenueHostOptions {
  readonly instruments: readonly Instrument[];
  readonly fill: FillModel;
  readonly initialCash: Money;
  readonly conversionRates?: Readonly<Record<string, number>>;
  readonly factory: MessageFactory;
  readonly publish: Publish;
  readonly decisions?: DecisionSink;
  /** Whether a bar works the book (the finest data of its symbol at its time); every bar by default. */
  readonly drives?: (bar: BarClosed) => boolean;
}

/** What became of an order.submit: taken into the book, refused (reported), or a client order id already taken (ignored). */
export type SubmitOutcome = 'accepted' | 'rejected' | 'duplicate';

/** What became of an order.cancel: cancelled (reported), an order that is no longer working, or one the venue never had. */
export type CancelOutcome = 'cancelled' | 'not-working' | 'unknown';

/** The venue's book as venue.snapshot describes it, without who asked. */
export type VenueView = Omit<VenueSnapshotTaken, 'venue' | 'requestId'>;

export class VenueHost {
  readonly venue: SimulatedVenue;
  private readonly clock = new ManualClock(0);
  private readonly factory: MessageFactory;
  private readonly publish: Publish;
  private readonly drives: (bar: BarClosed) => boolean;
  /** The message being handled: what the venue's reports are caused by. */
  private cause: Envelope | null = null;
  /** Each symbol's last bar seen, for the close-out at the end of a replay. */
  private readonly lastBars = new Map<string, { close: number; bar: BarClosed }>();
  /** True while a client's order is being submitted: any other order the venue takes is its own. */
  private submitting = false;
  /** Orders the venue opened itself (brackets, stop-outs, the end of data), until they fill. */
  private readonly ownOrders = new Map<string, Order>();
  /** Every client order id submitted, taken or refused: each is taken once. */
  private readonly submitted = new Set<string>();

  constructor(options: VenueHostOptions) {
    if (options.fill.timing !== 'next-open') throw new RangeError('the paper venue fills market orders at the next open: close timing is a backtest-only assumption');
    this.factory = options.factory;
    this.publish = options.publish;
    this.drives = options.drives ?? (() => true);
    const reporting: VenueListener = {
      onOrder: (order) => {
        if (!this.submitting) this.ownOrders.set(order.id, order);
      },
      onFill: (fill) => this.reportFill(fill),
      onCancel: (order, reason) => this.report(order, 'cancelled', reason),
      onSwap: (charge) =>
        this.emit('account.financing', topics.accountFinancing(charge.symbol), derivedId(`${charge.strategy}:${charge.symbol}:${charge.time}`, 'order-execution/account.financing', this.clock.now()), {
          strategy: charge.strategy,
          symbol: charge.symbol,
          amount: charge.amount.toFixed(),
          currency: options.initialCash.currency,
          nights: charge.nights,
          bookedAt: charge.time,
        }),
      onMarginCall: (call) =>
        this.emit('account.margin-call', topics.accountMarginCall(), derivedId(`margin-call:${call.time}`, 'order-execution/account.margin-call', call.time), {
          level: call.level,
          equity: call.equity,
          marginUsed: call.marginUsed,
          currency: options.initialCash.currency,
          at: call.time,
        }),
    };
    const listener = options.decisions === undefined ? reporting : loggingVenueListener(options.decisions, () => this.clock.now(), reporting);
    this.venue = new SimulatedVenue({ instruments: options.instruments, fill: options.fill, initialCash: options.initialCash, conversionRates: options.conversionRates, clock: this.clock, listener });
  }

  onBar(envelope: MessageEnvelope<'market.bar'>): void {
    const bar = envelope.payload;
    const close = barCloseTime(bar);
    // The end of the data closes at each symbol's last bar: the one closing last (the coarser on a tie, as the replay orders them).
    if (close >= (this.lastBars.get(bar.symbol)?.close ?? Number.NEGATIVE_INFINITY)) this.lastBars.set(bar.symbol, { close, bar });
    if (!this.drives(bar)) return;
    this.at(envelope);
    this.venue.onBar(this.venue.ledger.symbolSlot(bar.symbol), bar);
  }

  onSubmit(envelope: MessageEnvelope<'order.submit'>): SubmitOutcome {
    const order = envelope.payload;
    if (this.submitted.has(order.clientOrderId)) return 'duplicate';
    this.at(envelope);
    this.submitted.add(order.clientOrderId);
    this.submitting = true;
    try {
      this.venue.submit(orderRequest(order));
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      this.reportRejected(order, error.message);
      return 'rejected';
    } finally {
      this.submitting = false;
    }
    this.reportAccepted(order);
    return 'accepted';
  }

  onCancel(envelope: MessageEnvelope<'order.cancel'>): CancelOutcome {
    this.at(envelope);
    const cancel: CancelOrderCommand = envelope.payload;
    if (this.venue.cancel(cancel.clientOrderId, cancel.reason)) return 'cancelled';
    return this.submitted.has(cancel.clientOrderId) ? 'not-working' : 'unknown';
  }

  /** The orders working and the positions held now, at the venue's market time. */
  view(): VenueView {
    const venue = this.venue;
    const ledger = venue.ledger;
    const orders: VenueView['orders'][number][] = [];
    const positions: VenueView['positions'][number][] = [];
    venue.instruments.forEach((_instrument, slot) => {
      for (const order of venue.openOrders(slot)) orders.push(orderView(order));
      for (const position of ledger.positionsOf(slot)) {
        const side = ledger.sideAt(position);
        if (side === 0) continue;
        const view = ledger.view(position);
        positions.push({ strategy: view.strategy, symbol: view.symbol, size: (side < 0 ? view.quantity.value.neg() : view.quantity.value).toFixed(), averagePrice: view.entryPrice.toFixed() });
      }
    });
    return { currency: ledger.currency, cash: ledger.cash.amount.toFixed(), takenAt: this.clock.now(), orders, positions };
  }

  /** flow.end: the end of a replay's data, closed out as a backtest closes out. */
  onEnd(envelope: MessageEnvelope<'flow.end'>): void {
    const lastBars: Record<string, VenueBar> = {};
    for (const [symbol, { bar }] of this.lastBars) lastBars[symbol] = { time: bar.time, open: bar.open, high: bar.high, low: bar.low, close: bar.close, spread: bar.spread };
    this.closeOut(lastBars, envelope.payload.time, envelope);
  }

  /** The end of the data (a backtest's close-out): every working order cancelled, every position closed at its last bar. */
  closeOut(lastBars: Readonly<Record<string, VenueBar>>, time: number, cause: Envelope | null = null): void {
    if (time > this.clock.now()) this.clock.set(time);
    this.cause = cause;
    const venue = this.venue;
    venue.instruments.forEach((instrument, slot) => {
      for (const order of [...venue.openOrders(slot)]) venue.cancel(order.id, 'end of data');
      const last = lastBars[instrument.symbol];
      if (last === undefined) return;
      for (const position of venue.ledger.positionsOf(slot)) venue.closeAtBarClose(position, last, 'end of data');
    });
  }

  /** The clock follows the market time of what arrives; reports are caused by it. */
  private at(envelope: Envelope): void {
    if (envelope.occurredAt > this.clock.now()) this.clock.set(envelope.occurredAt);
    this.cause = envelope;
  }

  private reportFill(fill: Fill): void {
    const size = fill.quantity.toString();
    const own = this.ownOrders.get(fill.orderId);
    if (own !== undefined) this.ownOrders.delete(fill.orderId);
    this.emitReport(fill.symbol, fill.orderId, 'filled', {
      clientOrderId: fill.orderId,
      brokerOrderId: fill.orderId,
      symbol: fill.symbol,
      side: fill.side,
      status: 'filled',
      orderSize: size,
      filledSize: size,
      averagePrice: fill.price.toFixed(),
      commission: fill.commission.amount.toFixed(),
      commissionCurrency: fill.commission.currency,
      executedAt: fill.time,
      reason: fill.reason,
      strategy: fill.strategy,
      lastFillSize: size,
      lastFillPrice: fill.price.toFixed(),
      positionAfter: fill.positionAfter,
      barTime: fill.time,
      realizedPnl: fill.realizedPnl.toString(),
      cashAfter: fill.cashAfter.toString(),
      ...(own === undefined ? {} : venueOrderFields(own)),
    });
  }

  private report(order: Order, status: 'cancelled', reason: string): void {
    this.emitReport(order.symbol, order.id, status, {
      clientOrderId: order.id,
      brokerOrderId: order.id,
      symbol: order.symbol,
      side: order.side,
      status,
      orderSize: order.quantity.toString(),
      filledSize: '0',
      commission: '0',
      commissionCurrency: this.venue.ledger.currency,
      executedAt: this.clock.now(),
      reason,
      strategy: order.strategy,
    });
  }

  private reportAccepted(order: SubmitOrderCommand): void {
    this.emitReport(order.symbol, order.clientOrderId, 'accepted', {
      clientOrderId: order.clientOrderId,
      brokerOrderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      status: 'accepted',
      orderSize: order.size,
      filledSize: '0',
      commission: '0',
      commissionCurrency: this.venue.ledger.currency,
      executedAt: this.clock.now(),
      strategy: order.strategy,
      orderType: order.orderType,
      ...(order.limitPrice ?? order.stopPrice ? { price: order.limitPrice ?? order.stopPrice } : {}),
      ...(order.stopLoss === undefined ? {} : { stopLoss: order.stopLoss }),
      ...(order.takeProfit === undefined ? {} : { takeProfit: order.takeProfit }),
    });
  }

  private reportRejected(order: SubmitOrderCommand, reason: string): void {
    this.emitReport(order.symbol, order.clientOrderId, 'rejected', {
      clientOrderId: order.clientOrderId,
      brokerOrderId: null,
      symbol: order.symbol,
      side: order.side,
      status: 'rejected',
      orderSize: order.size,
      filledSize: '0',
      commission: '0',
      commissionCurrency: this.venue.ledger.currency,
      executedAt: this.clock.now(),
      reason,
      strategy: order.strategy,
    });
  }

  private emitReport(symbol: string, clientOrderId: string, event: string, payload: MessageEnvelope<'execution.report'>['payload']): void {
    this.emit('execution.report', topics.executionReport(symbol), executionReportIdFor(clientOrderId, event, this.clock.now()), payload);
  }

  private emit<T extends 'execution.report' | 'account.financing' | 'account.margin-call'>(type: T, topic: string, id: string, payload: MessageEnvelope<T>['payload']): void {
    const cause = this.cause;
    const envelope = this.factory.create(type, payload, { id, occurredAt: this.clock.now(), ...(cause === null ? {} : { causedBy: cause }) });
    this.publish(topic, envelope);
  }
}

/** What a fill report says of an order the venue opened itself, for risk's audit trail. */
function venueOrderFields(order: Order) {
  if (order.type !== 'market' && order.type !== 'limit' && order.type !== 'stop') throw new RangeError(`the venue opened a ${order.type} order (${order.id}); reports carry market, limit and stop orders only`);
  const price = (value: number | undefined) => (value === undefined ? {} : { price: String(value) });
  return {
    origin: 'venue' as const,
    orderType: order.type,
    ...price(order.price),
    ...(order.stopLoss === undefined ? {} : { stopLoss: String(order.stopLoss) }),
    ...(order.takeProfit === undefined ? {} : { takeProfit: String(order.takeProfit) }),
  };
}

function orderView(order: Order): VenueView['orders'][number] {
  const type = order.type === 'trailing-stop' ? 'stop' : order.type;
  return {
    clientOrderId: order.id,
    strategy: order.strategy,
    symbol: order.symbol,
    side: order.side,
    orderType: type,
    size: order.quantity.toString(),
    ...(order.price === undefined ? {} : { price: String(order.price) }),
    ...(order.stopLoss === undefined ? {} : { stopLoss: String(order.stopLoss) }),
    ...(order.takeProfit === undefined ? {} : { takeProfit: String(order.takeProfit) }),
    reason: order.reason,
  };
}

function orderRequest(order: SubmitOrderCommand) {
  const price = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text));
  return {
    id: order.clientOrderId,
    strategy: order.strategy,
    symbol: order.symbol,
    side: order.side,
    type: order.orderType,
    quantity: Quantity.of(order.size),
    price: price(order.limitPrice ?? order.stopPrice),
    stopLoss: price(order.stopLoss),
    takeProfit: price(order.takeProfit),
    reason: order.reason ?? `order ${order.clientOrderId}`,
  } as const;
}
