// The simulated venue: a matching engine and fill model over bars. It takes
// orders, works them against each bar of their symbol (market orders at the
// open or at the close, limits and stops over the range, gaps at the open),
// triggers the brackets of each position (the stop first when a bar touches
// both), charges swap at the rollover, and books every execution in its own
// ledger, the account as the broker sees it. The per-bar path is float only
// and allocates nothing while no order is pending and no bracket triggers.
import { clientOrderIdFor, derivedId, venueOrderCause } from '@trading/contracts';
import { type Clock, ExactDecimal, type Instrument, Money, type Quantity } from '@trading/domain';
import { IG_RETAIL_MARGIN, Ledger, type MarginRules } from '@trading/portfolio';
import { type FillModel, ROLLOVER_HOUR_UTC, validateFillModel } from './fill-model';
import type { Order, OrderRequest, OrderSide, VenueListener } from './order';
import { VenueCosts } from './venue-costs';

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

/** One bar of a symbol, as the venue works it (prices are bids). */
export interface VenueBar {
  /** Bar start, UTC ms. */
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Spread in points (used when the fill model takes spreads from bars). */
  readonly spread: number;
}

interface WorkingOrder extends Order {
  /** Best price seen since submission (trailing stops). */
  anchor: number;
}

const DAY_MS = 86_400_000;
const ROLLOVER_MS = ROLLOVER_HOUR_UTC * 3_600_000;
const ZERO = new ExactDecimal(0);

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
  // Brackets and swap clock per position index (grown with the ledger's positions).
  private stop: number[] = [];
  private target: number[] = [];
  private trail: number[] = [];
  private rolloverDay: number[] = [];
  private readonly marginRules: MarginRules;
  private inMarginCall = false;
  private marginCallCount = 0;
  private stopOutCount = 0;

  constructor(options: SimulatedVenueOptions) {
    this.fillModel = validateFillModel(options.fill);
    this.instruments = options.instruments;
    this.clock = options.clock;
    this.listener = options.listener ?? {};
    this.ledger = new Ledger({ initialCash: options.initialCash, instruments: options.instruments, conversionRates: options.conversionRates });
    this.costs = new VenueCosts(options.instruments, this.fillModel);
    this.pending = options.instruments.map(() => []);
    this.lastSpreadPoints = new Float64Array(options.instruments.length);
    this.marginRules = options.margin ?? IG_RETAIL_MARGIN;
    if (!(this.marginRules.stopOutLevel >= 0 && this.marginRules.callLevel >= this.marginRules.stopOutLevel)) {
      throw new RangeError(`margin rules need 0 <= stopOutLevel <= callLevel, got call ${this.marginRules.callLevel}, stop-out ${this.marginRules.stopOutLevel}`);
    }
  }

  /** Margin calls reported so far (each fall to the call level counts once). */
  get marginCalls(): number {
    return this.marginCallCount;
  }

  /** Positions the venue closed because the margin level fell to the stop-out level. */
  get stopOuts(): number {
    return this.stopOutCount;
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
      this.rolloverDay.push(0);
    }
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
    const order: WorkingOrder = {
      strategy: request.strategy,
      symbol: request.symbol,
      side: request.side,
      type: request.type,
      quantity: request.quantity,
      price: request.price,
      trailDistance: request.trailDistance,
      stopLoss: request.stopLoss,
      takeProfit: request.takeProfit,
      trailingStopDistance: request.trailingStopDistance,
      reason: request.reason,
      id: request.id,
      submittedAt: this.clock.now(),
      anchor: Number.NaN,
    };
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
   * A bar of `slot` opened and ran its range: pending orders fill at the open
   * or where the range crossed their price, then each position's stop and
   * target are checked over the range, then positions are marked at the close.
   */
  onBar(slot: number, bar: VenueBar): void {
    const spread = this.spreadAt(slot, bar.spread);
    if (this.pending[slot].length > 0) this.workOrders(slot, bar, spread);
    const positions = this.ledger.positionsOf(slot);
    for (let k = 0; k < positions.length; k++) {
      const position = positions[k];
      if (this.ledger.sideAt(position) === 0) continue;
      if (this.fillModel.swap) this.chargeSwap(position, bar.time);
      this.checkBrackets(position, slot, bar, spread);
    }
    const close = bar.close;
    this.lastSpreadPoints[slot] = bar.spread;
    this.costs.observe(slot, bar.high, bar.low, close);
    if (this.instruments.length > 1) this.ledger.observeConversionPrice(this.instruments[slot].symbol, close);
    this.ledger.mark(slot, close, spread);
    this.enforceMargin(bar.time);
  }

  /**
   * The broker's margin rules at the latest marks: a margin call when the
   * level falls to the call level, and at the stop-out level the positions
   * close at their latest prices, largest loss first, until the level is back
   * above it. `time` is the bar time the closes are booked at.
   */
  private enforceMargin(time: number): void {
    const rules = this.marginRules;
    const ledger = this.ledger;
    const level = ledger.marginLevel();
    if (level > rules.callLevel) {
      this.inMarginCall = false;
      return;
    }
    if (!this.inMarginCall) {
      this.inMarginCall = true;
      this.marginCallCount++;
      this.listener.onMarginCall?.({ time: this.clock.now(), level, equity: ledger.equity(), marginUsed: ledger.marginUsed() });
    }
    for (let now = level; now <= rules.stopOutLevel; now = ledger.marginLevel()) {
      let worst = -1;
      // In the canonical order, so equal losses close in one order however the positions were opened.
      for (const p of ledger.positionOrder()) {
        if (ledger.sideAt(p) !== 0 && (worst < 0 || ledger.unrealizedAt(p) < ledger.unrealizedAt(worst))) worst = p;
      }
      if (worst < 0) return;
      const reason = `stop-out: margin level ${(now * 100).toFixed(1)}% at or below ${(rules.stopOutLevel * 100).toFixed(0)}%, largest loss closed first`;
      this.closeAtMark(worst, time, reason);
      this.stopOutCount++;
    }
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
    const { open, high, low, time } = bar;
    const orders = this.pending[slot];
    for (let k = 0; k < orders.length; k++) {
      const order = orders[k];
      const buy = order.side === 'buy';
      // Buys trade at the ask (bid + spread), sells at the bid.
      const o = buy ? open + spread : open;
      const h = buy ? high + spread : high;
      const l = buy ? low + spread : low;
      let price = Number.NaN;
      let slip = 0;
      let how = '';
      switch (order.type) {
        case 'market':
          slip = this.slippage(slot);
          price = buy ? o + slip : o - slip;
          how = 'at the open';
          break;
        case 'limit': {
          const limit = order.price as number;
          if (buy ? o <= limit : o >= limit) [price, how] = [o, 'at the open, through the limit'];
          else if (buy ? l <= limit : h >= limit) [price, how] = [limit, 'at the limit'];
          break;
        }
        case 'stop':
        case 'trailing-stop': {
          const level = order.type === 'stop' ? (order.price as number) : buy ? order.anchor + (order.trailDistance as number) : order.anchor - (order.trailDistance as number);
          if (buy ? o >= level : o <= level) [price, how] = [o, 'at the open, gapped through the stop'];
          else if (buy ? h >= level : l <= level) [price, how] = [level, 'at the stop'];
          if (price === price) {
            slip = this.slippage(slot);
            price = buy ? price + slip : price - slip;
          } else if (order.type === 'trailing-stop') {
            // Ratchet only after the check: inside one bar the extreme may come after the low.
            order.anchor = buy ? Math.min(order.anchor, l) : Math.max(order.anchor, h);
          }
          break;
        }
      }
      if (price !== price) continue;
      orders.splice(k--, 1);
      this.execute(this.positionIndex(order.strategy, order.symbol), order, price, time, buy ? spread : 0, slip, `${order.reason}; filled ${how}`);
    }
  }

  private checkBrackets(position: number, slot: number, bar: VenueBar, spread: number): void {
    const side = this.ledger.sideAt(position);
    const stopLoss = this.stop[position];
    const takeProfit = this.target[position];
    const trailing = this.trail[position];
    if (stopLoss !== stopLoss && takeProfit !== takeProfit && trailing !== trailing) return;
    // A long exits at the bid, a short at the ask.
    const shift = side > 0 ? 0 : spread;
    const open = bar.open + shift;
    const high = bar.high + shift;
    const low = bar.low + shift;
    let price = Number.NaN;
    let reason = '';
    let slipped = false;
    if (side > 0) {
      if (stopLoss === stopLoss && open <= stopLoss) [price, reason, slipped] = [open, 'stop-loss, gapped: filled at the open', true];
      else if (takeProfit === takeProfit && open >= takeProfit) [price, reason] = [open, 'take-profit, gapped: filled at the open'];
      else if (stopLoss === stopLoss && low <= stopLoss) [price, reason, slipped] = [stopLoss, 'stop-loss', true];
      else if (takeProfit === takeProfit && high >= takeProfit) [price, reason] = [takeProfit, 'take-profit'];
    } else {
      if (stopLoss === stopLoss && open >= stopLoss) [price, reason, slipped] = [open, 'stop-loss, gapped: filled at the open', true];
      else if (takeProfit === takeProfit && open <= takeProfit) [price, reason] = [open, 'take-profit, gapped: filled at the open'];
      else if (stopLoss === stopLoss && high >= stopLoss) [price, reason, slipped] = [stopLoss, 'stop-loss', true];
      else if (takeProfit === takeProfit && low <= takeProfit) [price, reason] = [takeProfit, 'take-profit'];
    }
    if (price !== price) {
      if (trailing === trailing) {
        // Ratchet after the check, from this bar's best price.
        const level = side > 0 ? high - trailing : low + trailing;
        if (stopLoss !== stopLoss || (side > 0 ? level > stopLoss : level < stopLoss)) this.stop[position] = level;
      }
      return;
    }
    const slip = slipped ? this.slippage(slot) : 0;
    price = side > 0 ? price - slip : price + slip;
    const order = this.internalOrder(position, side > 0 ? 'sell' : 'buy', slipped ? 'stop-loss' : 'take-profit', reason);
    this.execute(position, order, price, bar.time, side > 0 ? 0 : spread, slip, reason);
  }

  /**
   * An order the venue opens by itself to close a position (`kind`: a
   * bracket, a close at the end of data). Its id derives from the position
   * and the kind, so every run gives it the same id.
   */
  private internalOrder(position: number, side: OrderSide, kind: string, reason: string): Order {
    const strategy = this.ledger.strategyAt(position);
    const symbol = this.instruments[this.ledger.symbolSlotAt(position)].symbol;
    const time = this.clock.now();
    const order: Order = {
      id: clientOrderIdFor(derivedId(venueOrderCause(strategy, symbol, this.ledger.entryTimeAt(position)), `venue/${kind}`, time)),
      strategy,
      symbol,
      side,
      type: 'market',
      quantity: this.ledger.quantityAt(position),
      submittedAt: this.clock.now(),
      reason,
    };
    this.listener.onOrder?.(order);
    return order;
  }

  /** Prices one execution, books it in the ledger, then sets or clears the position's brackets. */
  private execute(position: number, order: Order, rawPrice: number, time: number, spreadPaid: number, slippage: number, reason: string): void {
    const slot = this.ledger.symbolSlotAt(position);
    const instrument = this.instruments[slot];
    const scale = 10 ** instrument.precision;
    const price = Math.round(rawPrice * scale) / scale;
    const commission = this.commissionFor(slot, order.quantity, price);
    const booking = this.ledger.applyFill({ position, orderId: order.id, side: order.side, quantity: order.quantity, price, time, commission, spreadPaid, slippage, reason });
    if (this.ledger.sideAt(position) === 0) {
      this.stop[position] = Number.NaN;
      this.target[position] = Number.NaN;
      this.trail[position] = Number.NaN;
    } else if (booking.added) {
      if (booking.newEntry) this.rolloverDay[position] = rolloverDayOf(time);
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

  private commissionFor(slot: number, lots: Quantity, price: number): ExactDecimal {
    const model = this.fillModel.commission;
    if (model.kind === 'per-lot') return lots.value.times(model.amount);
    if (model.kind === 'bps') {
      const instrument = this.instruments[slot];
      const units = lots.value.times(instrument.contractSize);
      const notional = units.times(new ExactDecimal(price.toFixed(instrument.precision))).times(this.ledger.quoteToAccount(slot, price));
      return notional.times(model.bps).dividedBy(10_000);
    }
    return ZERO;
  }

  /** Nights rolled over since the last charge, Monday to Friday, Wednesday counting three. */
  private chargeSwap(position: number, time: number): void {
    const day = rolloverDayOf(time);
    const last = this.rolloverDay[position];
    if (day <= last) return;
    const swap = this.fillModel.swap;
    if (!swap) return;
    let nights = 0;
    for (let d = last + 1; d <= day; d++) {
      const weekday = new Date(d * DAY_MS).getUTCDay();
      if (weekday >= 1 && weekday <= 5) nights += weekday === 3 ? 3 : 1;
    }
    this.rolloverDay[position] = day;
    if (nights === 0) return;
    const perLot = this.ledger.sideAt(position) > 0 ? swap.longPerLot : swap.shortPerLot;
    const amount = this.ledger.quantityAt(position).value.times(perLot).times(nights);
    this.ledger.chargeSwap(position, amount);
    const slot = this.ledger.symbolSlotAt(position);
    this.listener.onSwap?.({ strategy: this.ledger.strategyAt(position), symbol: this.instruments[slot].symbol, amount, nights, time });
  }

  private spreadAt(slot: number, barSpreadPoints: number): number {
    return this.costs.spread(slot, barSpreadPoints);
  }

  private slippage(slot: number): number {
    return this.costs.slippage(slot);
  }
}

/** Day index of the last 22:00 UTC rollover at or before `time`. */
function rolloverDayOf(time: number): number {
  return Math.floor((time - ROLLOVER_MS) / DAY_MS);
}

function stripWorking(order: WorkingOrder): Order {
  const { anchor: _anchor, ...rest } = order;
  return rest;
}

function checkRequest(request: OrderRequest): void {
  const what = `${request.type} ${request.side} ${request.symbol}`;
  if (request.quantity.isZero()) throw new RangeError(`${what}: quantity must be > 0 lots`);
  if ((request.type === 'limit' || request.type === 'stop') && !(request.price !== undefined && request.price > 0)) throw new RangeError(`${what}: needs a price > 0`);
  if (request.type === 'trailing-stop' && !(request.trailDistance !== undefined && request.trailDistance > 0)) throw new RangeError(`${what}: needs a trailDistance > 0`);
  if (request.trailingStopDistance !== undefined && !(request.trailingStopDistance > 0)) throw new RangeError(`${what}: trailingStopDistance must be > 0`);
  if (request.stopLoss !== undefined && request.takeProfit !== undefined) {
    const wrong = request.side === 'buy' ? request.stopLoss >= request.takeProfit : request.stopLoss <= request.takeProfit;
    if (wrong) throw new RangeError(`${what}: stopLoss ${request.stopLoss} must be ${request.side === 'buy' ? 'below' : 'above'} takeProfit ${request.takeProfit}`);
  }
}
