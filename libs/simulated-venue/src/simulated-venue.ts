// The simulated venue: a matching engine and fill model over bars. It takes
// orders, works them against each bar of their symbol (market orders at the
// open or at the close, limits and stops over the range, gaps at the open),
// triggers the brackets of each position (the stop first when a bar touches
// both), charges swap at the rollover, and books every execution in its own
// ledger, the account as the broker sees it. The per-bar path is float only
// and allocates nothing while no order is pending and no bracket triggers.
// This file keeps the state and the order of events; where a bar fills is in
// ./matching, commission and swap in ./charges, the margin rules in
// ./margin-watch, order intake and the venue's own orders in ./venue-orders.
import { type Clock, type Instrument, Money, pointSize } from '@trading/domain';
import { IG_RETAIL_MARGIN, Ledger, type MarginRules } from '@trading/portfolio';
import { commissionFor, Financing } from './charges';
import { type FillModel, validateFillModel } from './fill-model';
import { MarginWatch } from './margin-watch';
import { bracketExit, matchOrder, type VenueBar } from './matching';
import type { Order, OrderRequest, OrderSide, VenueListener } from './order';
import { VenueCosts } from './venue-costs';
import { checkRequest, closingOrder, stripWorking, type WorkingOrder, workingOrder } from './venue-orders';

export type { VenueBar };

export interface SimulatedVenueOptions {
  /** One symbol slot per instrument, in this order. */
  readonly instruments: readonly Instrument[];
  readonly fill: FillModel;
  readonly initialCash: Money;
  /** Fixed prices for currency conversion, e.g. { GBPUSD: 1.27 }. */
  readonly conversionRates?: Readonly<Record<string, number>>;
  readonly clock: Clock;
  readonly listener?: VenueListener;
  /** When the venue warns and when it closes positions (default: IG retail, 100 % and 50 %). */
  readonly margin?: MarginRules;
}

export class SimulatedVenue {
  readonly instruments: readonly Instrument[];
  /** The account as the venue books it. */
  readonly ledger: Ledger;
  private readonly fillModel: FillModel;
  private readonly clock: Clock;
  private readonly listener: VenueListener;
  private readonly costs: VenueCosts;
  /** Working orders per symbol slot, in submission order. */
  private readonly pending: WorkingOrder[][];
  /** Spread column of each slot's latest bar, points. */
  private readonly lastSpreadPoints: Float64Array;
  /** Per slot, the distance under which two prices are equal: a millionth of a point. */
  private readonly tolerance: Float64Array;
  // Brackets per position index (grown with the ledger's positions).
  private stop: number[] = [];
  private target: number[] = [];
  private trail: number[] = [];
  private readonly financing: Financing;
  private readonly margin: MarginWatch;

  constructor(options: SimulatedVenueOptions) {
    this.fillModel = validateFillModel(options.fill);
    this.instruments = options.instruments;
    this.clock = options.clock;
    this.listener = options.listener ?? {};
    this.ledger = new Ledger({ initialCash: options.initialCash, instruments: options.instruments, conversionRates: options.conversionRates });
    this.costs = new VenueCosts(options.instruments, this.fillModel);
    this.financing = new Financing(this.fillModel.swap, this.ledger, options.instruments, this.listener);
    this.pending = options.instruments.map(() => []);
    this.lastSpreadPoints = new Float64Array(options.instruments.length);
    this.tolerance = Float64Array.from(options.instruments, (instrument) => pointSize(instrument) * 1e-6);
    this.margin = new MarginWatch(options.margin ?? IG_RETAIL_MARGIN, this.ledger, this.listener, this.clock);
  }

  /** Margin calls reported so far (each fall to the call level counts once). */
  get marginCalls(): number {
    return this.margin.calls;
  }

  /** Positions the venue closed because the margin level fell to the stop-out level. */
  get stopOuts(): number {
    return this.margin.stopOuts;
  }

  get fill(): FillModel {
    return this.fillModel;
  }

  /** The position index of (strategy, symbol), created flat on first use. */
  positionIndex(strategy: string, symbol: string): number {
    const index = this.ledger.positionIndex(strategy, symbol);
    while (this.stop.length <= index) {
      this.stop.push(Number.NaN);
      this.target.push(Number.NaN);
      this.trail.push(Number.NaN);
    }
    this.financing.track(index);
    return index;
  }

  /** Stop-loss, take-profit and trailing distance of a position (NaN when none). */
  brackets(position: number): { stopLoss: number; takeProfit: number; trailingStop: number } {
    return { stopLoss: this.stop[position], takeProfit: this.target[position], trailingStop: this.trail[position] };
  }

  /** Spread of the slot's latest bar in price units, as fills are charged it. */
  currentSpread(slot: number): number {
    return this.spreadAt(slot, this.lastSpreadPoints[slot]);
  }

  /** Slippage a market fill on the slot would suffer now, price units (what the fill model charges). */
  slippageEstimate(slot: number): number {
    return this.slippage(slot);
  }

  /** Orders submitted on a symbol slot and not yet filled. */
  openOrders(slot: number): readonly Order[] {
    return this.pending[slot];
  }

  submit(request: OrderRequest): Order {
    const slot = this.ledger.symbolSlot(request.symbol);
    checkRequest(request);
    this.positionIndex(request.strategy, request.symbol);
    const order = workingOrder(request, this.clock.now());
    if (request.type === 'trailing-stop') {
      const last = this.ledger.lastPrice(slot);
      if (last !== last) throw new RangeError(`trailing-stop on ${request.symbol} needs a price first: submit it after a bar`);
      order.anchor = request.side === 'sell' ? last : last + this.spreadAt(slot, this.lastSpreadPoints[slot]);
    }
    this.pending[slot].push(order);
    if (this.listener.onOrder) this.listener.onOrder(stripWorking(order));
    return order;
  }

  cancel(orderId: string, reason: string): boolean {
    for (const orders of this.pending) {
      const at = orders.findIndex((order) => order.id === orderId);
      if (at < 0) continue;
      const [order] = orders.splice(at, 1);
      this.listener.onCancel?.(stripWorking(order), reason);
      return true;
    }
    return false;
  }

  /**
   * A bar of `slot` opened and ran its range: positions held over a rollover
   * since the last bar pay it, pending orders fill at the open or where the
   * range crossed their price, then each position's stop and target are
   * checked over the range, then positions are marked at the close.
   */
  onBar(slot: number, bar: VenueBar): void {
    const spread = this.spreadAt(slot, bar.spread);
    const positions = this.ledger.positionsOf(slot);
    // The rollover comes before the bar's first trade: a position closed at the
    // open of the 22:00 bar was held over it, as one opened there was not.
    if (this.fillModel.swap) {
      for (const position of positions) if (this.ledger.sideAt(position) !== 0) this.financing.charge(position, bar.time);
    }
    if (this.pending[slot].length > 0) this.workOrders(slot, bar, spread);
    for (let k = 0; k < positions.length; k++) {
      const position = positions[k];
      if (this.ledger.sideAt(position) === 0) continue;
      this.checkBrackets(position, slot, bar, spread);
    }
    const close = bar.close;
    this.lastSpreadPoints[slot] = bar.spread;
    this.costs.observe(slot, bar.high, bar.low, close);
    if (this.instruments.length > 1) this.ledger.observeConversionPrice(this.instruments[slot].symbol, close, bar.time);
    this.ledger.mark(slot, close, spread);
    this.enforceMargin(bar.time);
  }

  /** The margin rules at the latest marks; stop-outs close at the latest prices, booked at `time`. */
  private enforceMargin(time: number): void {
    const margin = this.margin;
    for (let worst = margin.check(); worst >= 0; worst = margin.closed()) this.closeAtMark(worst, time, margin.reason);
  }

  /** Closes a position at its symbol's latest bid (a long) or ask (a short). */
  private closeAtMark(position: number, time: number, reason: string): void {
    const slot = this.ledger.symbolSlotAt(position);
    const side = this.ledger.sideAt(position);
    const bid = this.ledger.lastPrice(slot);
    const spread = this.currentSpread(slot);
    const order = this.internalOrder(position, side > 0 ? 'sell' : 'buy', 'stop-out', reason);
    this.execute(position, order, side > 0 ? bid : bid + spread, time, side > 0 ? 0 : spread, 0, reason);
    this.ledger.markPosition(position, bid, spread);
  }

  /** Close-timing fills: market orders submitted at this bar's close fill at that close. */
  fillMarketAtClose(slot: number, bar: VenueBar): void {
    const orders = this.pending[slot];
    if (orders.length === 0) return;
    const spread = this.spreadAt(slot, bar.spread);
    const close = bar.close;
    for (let k = 0; k < orders.length; k++) {
      const order = orders[k];
      if (order.type !== 'market') continue;
      orders.splice(k--, 1);
      const slip = this.slippage(slot);
      const buy = order.side === 'buy';
      const position = this.positionIndex(order.strategy, order.symbol);
      this.execute(position, order, buy ? close + spread + slip : close - slip, bar.time, buy ? spread : 0, slip, `${order.reason}; filled at the close`);
      this.ledger.markPosition(position, close, spread);
    }
  }

  /** Flattens a position at the bar's close (end of data). */
  closeAtBarClose(position: number, bar: VenueBar, reason: string): void {
    const side = this.ledger.sideAt(position);
    if (side === 0) return;
    const slot = this.ledger.symbolSlotAt(position);
    const spread = this.spreadAt(slot, bar.spread);
    const close = bar.close;
    const order = this.internalOrder(position, side > 0 ? 'sell' : 'buy', 'close', reason);
    this.execute(position, order, side > 0 ? close : close + spread, bar.time, side > 0 ? 0 : spread, 0, reason);
    this.ledger.markPosition(position, close, spread);
  }

  private workOrders(slot: number, bar: VenueBar, spread: number): void {
    const orders = this.pending[slot];
    for (let k = 0; k < orders.length; k++) {
      const order = orders[k];
      const match = matchOrder(order, bar, spread, this.tolerance[slot]);
      if (match.price !== match.price) {
        order.anchor = match.anchor;
        continue;
      }
      orders.splice(k--, 1);
      const buy = order.side === 'buy';
      const slip = match.slips ? this.slippage(slot) : 0;
      const price = buy ? match.price + slip : match.price - slip;
      this.execute(this.positionIndex(order.strategy, order.symbol), order, price, bar.time, buy ? spread : 0, slip, `${order.reason}; filled ${match.how}`);
    }
  }

  private checkBrackets(position: number, slot: number, bar: VenueBar, spread: number): void {
    const stopLoss = this.stop[position];
    const takeProfit = this.target[position];
    const trailing = this.trail[position];
    if (stopLoss !== stopLoss && takeProfit !== takeProfit && trailing !== trailing) return;
    const side = this.ledger.sideAt(position);
    const exit = bracketExit(side, stopLoss, takeProfit, trailing, bar, spread, this.tolerance[slot]);
    if (exit.price !== exit.price) {
      if (trailing === trailing) this.stop[position] = exit.stopLoss;
      return;
    }
    const slip = exit.slips ? this.slippage(slot) : 0;
    const price = side > 0 ? exit.price - slip : exit.price + slip;
    const reason = exit.reason;
    const order = this.internalOrder(position, side > 0 ? 'sell' : 'buy', exit.slips ? 'stop-loss' : 'take-profit', reason);
    this.execute(position, order, price, bar.time, side > 0 ? 0 : spread, slip, reason);
  }

  /** An order the venue opens by itself to close a position, reported like a submitted one. */
  private internalOrder(position: number, side: OrderSide, kind: string, reason: string): Order {
    const symbol = this.instruments[this.ledger.symbolSlotAt(position)].symbol;
    const order = closingOrder(this.ledger, position, symbol, side, kind, reason, this.clock);
    this.listener.onOrder?.(order);
    return order;
  }

  /** Prices one execution, books it in the ledger, then sets or clears the position's brackets. */
  private execute(position: number, order: Order, rawPrice: number, time: number, spreadPaid: number, slippage: number, reason: string): void {
    const slot = this.ledger.symbolSlotAt(position);
    const instrument = this.instruments[slot];
    const scale = 10 ** instrument.precision;
    const price = Math.round(rawPrice * scale) / scale;
    const commission = commissionFor(this.fillModel.commission, this.ledger, slot, order.quantity, price, time);
    const booking = this.ledger.applyFill({ position, orderId: order.id, side: order.side, quantity: order.quantity, price, time, commission, spreadPaid, slippage, reason });
    if (this.ledger.sideAt(position) === 0) {
      this.stop[position] = Number.NaN;
      this.target[position] = Number.NaN;
      this.trail[position] = Number.NaN;
    } else if (booking.added) {
      if (booking.newEntry) this.financing.entered(position, time);
      if (order.stopLoss !== undefined) this.stop[position] = order.stopLoss;
      if (order.takeProfit !== undefined) this.target[position] = order.takeProfit;
      if (order.trailingStopDistance !== undefined) this.trail[position] = order.trailingStopDistance;
    }
    // Fill reports cost decimal work; build them only for a listener.
    if (this.listener.onFill === undefined) return;
    const currency = this.ledger.currency;
    this.listener.onFill({
      orderId: order.id,
      strategy: order.strategy,
      symbol: instrument.symbol,
      side: order.side,
      quantity: order.quantity,
      price: booking.price,
      priceNumber: price,
      time,
      commission: Money.of(booking.commission, currency),
      realizedPnl: Money.of(booking.realized, currency),
      positionAfter: booking.positionAfter,
      cashAfter: booking.cashAfter,
      reason,
      trade: booking.trade,
    });
  }

  private spreadAt(slot: number, barSpreadPoints: number): number {
    return this.costs.spread(slot, barSpreadPoints);
  }

  private slippage(slot: number): number {
    return this.costs.slippage(slot);
  }
}
