// The simulated venue as a message handler, the way the paper venue of the
// order-execution service runs it: market bars work the book, order.submit
// and order.cancel change it, and every fill, cancel, refusal, financing
// charge and margin call goes out as a message (execution.report,
// account.financing, account.margin-call) the moment it happens, with an id
// derived from its order and its market time.
import {
  type BarClosed,
  type CancelOrderCommand,
  type Envelope,
  type MessageFactory,
  type MessageEnvelope,
  type SubmitOrderCommand,
  executionReportIdFor,
  derivedId,
  topics,
} from '@trading/contracts';
import { type DecisionSink, type Instrument, ManualClock, type Money, Quantity } from '@trading/domain';
import { type Fill, type FillModel, type Order, SimulatedVenue, type VenueBar, type VenueListener, loggingVenueListener } from '@trading/simulated-venue';
import type { Publish } from './publish';

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

export class VenueHost {
  readonly venue: SimulatedVenue;
  private readonly clock = new ManualClock(0);
  private readonly factory: MessageFactory;
  private readonly publish: Publish;
  private readonly drives: (bar: BarClosed) => boolean;
  /** The message being handled: what the venue's reports are caused by. */
  private cause: Envelope | null = null;
  /** True while a client's order is being submitted: any other order the venue takes is its own. */
  private submitting = false;
  /** Orders the venue opened itself (brackets, stop-outs, the end of data), until they fill. */
  private readonly ownOrders = new Map<string, Order>();

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
    if (!this.drives(bar)) return;
    this.at(envelope);
    this.venue.onBar(this.venue.ledger.symbolSlot(bar.symbol), bar);
  }

  onSubmit(envelope: MessageEnvelope<'order.submit'>): void {
    this.at(envelope);
    const order = envelope.payload;
    this.submitting = true;
    try {
      this.venue.submit(orderRequest(order));
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      this.reportRejected(order, error.message);
    } finally {
      this.submitting = false;
    }
  }

  onCancel(envelope: MessageEnvelope<'order.cancel'>): void {
    this.at(envelope);
    const cancel: CancelOrderCommand = envelope.payload;
    this.venue.cancel(cancel.clientOrderId, cancel.reason);
  }

  /** The end of the data (a backtest's close-out): every working order cancelled, every position closed at its last bar. */
  closeOut(lastBars: Readonly<Record<string, VenueBar>>, time: number): void {
    if (time > this.clock.now()) this.clock.set(time);
    this.cause = null;
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
