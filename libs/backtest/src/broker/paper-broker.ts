// The paper broker core: takes orders, walks bars, and produces fills, closed
// trades and a booked cash balance. The backtest loop drives it bar by bar; a
// live paper broker drives the same class with bars from the bus. The per-bar
// path is float only and allocates nothing while no order is pending and no
// bracket triggers; every fill is booked in exact decimals.
import { type BarColumns, type Clock, ExactDecimal, type Instrument, Money, Quantity, pointSize } from '@trading/domain';
import { Atr } from '@trading/indicators';
import type { CurrencyConverter } from './currency.converter';
import { type FillModel, ROLLOVER_HOUR_UTC, validateFillModel } from './fill-model';
import type { BrokerListener, ClosedTrade, Order, OrderRequest, OrderSide } from './order';
import type { AccountView } from '../sizing/account.view';

export interface PaperBrokerOptions {
  /** One slot per instrument, in this order. */
  readonly instruments: readonly Instrument[];
  readonly fill: FillModel;
  readonly initialCash: Money;
  readonly converter: CurrencyConverter;
  readonly clock: Clock;
  /** Order ids (the backtest gives UUIDv7 from the injected clock and seeded source). */
  readonly nextId: () => string;
  readonly listener?: BrokerListener;
}

interface WorkingOrder extends Order {
  /** Best price seen since submission (trailing stops). */
  anchor: number;
}

const DAY_MS = 86_400_000;
const ROLLOVER_MS = ROLLOVER_HOUR_UTC * 3_600_000;
const ZERO = new ExactDecimal(0);
const ONE = new ExactDecimal(1);

export class PaperBroker implements AccountView {
  readonly instruments: readonly Instrument[];
  readonly trades: ClosedTrade[] = [];
  private readonly fillModel: FillModel;
  private readonly converter: CurrencyConverter;
  private readonly clock: Clock;
  private readonly nextId: () => string;
  private readonly listener: BrokerListener;
  private readonly slotBySymbol = new Map<string, number>();
  private readonly point: Float64Array;
  private readonly fixedSpread: number;
  private readonly atr: Atr[] | undefined;

  // Float mirrors for the per-bar path.
  private readonly side: Int8Array;
  private readonly lots: Float64Array;
  private readonly entry: Float64Array;
  private readonly unitsPerLot: Float64Array;
  private readonly stop: Float64Array;
  private readonly target: Float64Array;
  private readonly trail: Float64Array;
  private readonly lastClose: Float64Array;
  private readonly lastSpread: Float64Array;
  private readonly unrealized: Float64Array;
  private readonly rolloverDay: Float64Array;
  private readonly pending: WorkingOrder[][];
  private cashFloat: number;

  // Exact books, touched only on fills, swaps and closes.
  /** Booked cash in the account currency; wrapped in Money only when read. */
  private cashAmount: ExactDecimal;
  private readonly currency: string;
  private readonly quantity: Quantity[];
  private readonly entryPrice: ExactDecimal[];
  private readonly entryTime: Float64Array;
  /** Commissions and swap carried by the open position, released pro rata as it closes. */
  private readonly carriedCosts: ExactDecimal[];
  private commissionPaid: ExactDecimal = ZERO;
  private swapPaid: ExactDecimal = ZERO;
  private spreadPaid: ExactDecimal = ZERO;
  private slippagePaid: ExactDecimal = ZERO;
  private notionalTraded: ExactDecimal = ZERO;

  constructor(options: PaperBrokerOptions) {
    this.fillModel = validateFillModel(options.fill);
    this.instruments = options.instruments;
    this.converter = options.converter;
    this.clock = options.clock;
    this.nextId = options.nextId;
    this.listener = options.listener ?? {};
    if (options.initialCash.currency !== options.converter.accountCurrency) {
      throw new RangeError(`initial cash is in ${options.initialCash.currency} but the account currency is ${options.converter.accountCurrency}`);
    }
    this.cashAmount = options.initialCash.amount;
    this.currency = options.initialCash.currency;
    this.cashFloat = options.initialCash.toNumber();
    const n = options.instruments.length;
    options.instruments.forEach((instrument, slot) => {
      if (this.slotBySymbol.has(instrument.symbol)) throw new RangeError(`instrument ${instrument.symbol} given twice`);
      this.slotBySymbol.set(instrument.symbol, slot);
    });
    this.point = Float64Array.from(options.instruments, (instrument) => pointSize(instrument));
    this.unitsPerLot = Float64Array.from(options.instruments, (instrument) => instrument.contractSize);
    const spread = this.fillModel.spread;
    // A fixed spread is in pips, which differ per instrument; NaN marks "from the bar".
    this.fixedSpread = spread.source === 'fixed' ? spread.pips : Number.NaN;
    const slippage = this.fillModel.slippage;
    this.atr = slippage.kind === 'atr-fraction' ? options.instruments.map(() => new Atr(slippage.period)) : undefined;
    this.side = new Int8Array(n);
    this.lots = new Float64Array(n);
    this.entry = new Float64Array(n);
    this.stop = new Float64Array(n).fill(Number.NaN);
    this.target = new Float64Array(n).fill(Number.NaN);
    this.trail = new Float64Array(n).fill(Number.NaN);
    this.lastClose = new Float64Array(n).fill(Number.NaN);
    this.lastSpread = new Float64Array(n);
    this.unrealized = new Float64Array(n);
    this.rolloverDay = new Float64Array(n);
    this.entryTime = new Float64Array(n);
    this.pending = options.instruments.map(() => []);
    this.quantity = options.instruments.map(() => Quantity.of(0));
    this.entryPrice = options.instruments.map(() => ZERO);
    this.carriedCosts = options.instruments.map(() => ZERO);
  }

  slotOf(symbol: string): number {
    const slot = this.slotBySymbol.get(symbol);
    if (slot === undefined) throw new RangeError(`the broker does not trade ${symbol}`);
    return slot;
  }

  /** 1 long, -1 short, 0 flat. */
  positionSide(slot: number): number {
    return this.side[slot];
  }

  /** Signed position in lots. */
  position(slot: number): Quantity {
    return this.quantity[slot];
  }

  /** Stop-loss, take-profit and trailing distance of the open position (NaN when none). */
  brackets(slot: number): { stopLoss: number; takeProfit: number; trailingStop: number } {
    return { stopLoss: this.stop[slot], takeProfit: this.target[slot], trailingStop: this.trail[slot] };
  }

  get cash(): Money {
    return Money.of(this.cashAmount, this.currency);
  }

  /** Booked cash plus open P&L at the last bar, floating point (for metrics). */
  equity(): number {
    let open = 0;
    for (let slot = 0; slot < this.unrealized.length; slot++) open += this.unrealized[slot];
    return this.cashFloat + open;
  }

  /** Notional of the open positions in the account currency at the last bar (floating point). */
  exposure(): number {
    let total = 0;
    for (let slot = 0; slot < this.side.length; slot++) {
      if (this.side[slot] !== 0) total += this.lots[slot] * this.unitsPerLot[slot] * this.lastClose[slot] * this.rateFloat(slot, this.lastClose[slot]);
    }
    return total;
  }

  lastPrice(slot: number): number {
    return this.lastClose[slot];
  }

  /** Average entry price of the open position (0 when flat). */
  averageEntry(slot: number): number {
    return this.entry[slot];
  }

  /** Spread of the slot's latest bar in price units, as fills are charged it. */
  currentSpread(slot: number): number {
    return this.spreadAt(slot, this.lastSpread[slot]);
  }

  /** Account currency per unit of the slot's quote currency at `price` of that slot. */
  quoteToAccount(slot: number, price: number): ExactDecimal {
    const instrument = this.instruments[slot];
    if (this.converter.isIdentity(instrument.quote)) return ONE;
    if (instrument.base === this.converter.accountCurrency) return ONE.dividedBy(price);
    return new ExactDecimal(this.converter.rate(instrument.quote));
  }

  costs(): { commission: Money; swap: Money; spread: Money; slippage: Money; notionalTraded: Money } {
    const currency = this.currency;
    return {
      commission: Money.of(this.commissionPaid, currency),
      swap: Money.of(this.swapPaid, currency),
      spread: Money.of(this.spreadPaid, currency),
      slippage: Money.of(this.slippagePaid, currency),
      notionalTraded: Money.of(this.notionalTraded, currency),
    };
  }

  openOrders(slot: number): readonly Order[] {
    return this.pending[slot];
  }

  submit(request: OrderRequest): Order {
    const slot = this.slotOf(request.symbol);
    checkRequest(request);
    const order: WorkingOrder = {
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
      id: this.nextId(),
      submittedAt: this.clock.now(),
      anchor: Number.NaN,
    };
    if (request.type === 'trailing-stop') {
      const last = this.lastClose[slot];
      if (last !== last) throw new RangeError(`trailing-stop on ${request.symbol} needs a price first: submit it after a bar`);
      order.anchor = request.side === 'sell' ? last : last + this.spreadAt(slot, this.lastSpread[slot]);
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
   * or where the range crossed their price, then the position's stop and
   * target are checked over the range, then the position is marked at the close.
   */
  onBar(slot: number, bars: BarColumns, i: number): void {
    const spread = this.spreadAt(slot, bars.spread[i]);
    if (this.pending[slot].length > 0) this.workOrders(slot, bars, i, spread);
    if (this.side[slot] !== 0) {
      if (this.fillModel.swap) this.chargeSwap(slot, bars.time[i]);
      this.checkBrackets(slot, bars, i, spread);
    }
    const close = bars.close[i];
    this.lastClose[slot] = close;
    this.lastSpread[slot] = bars.spread[i];
    if (this.atr !== undefined) this.atr[slot].update(bars.high[i], bars.low[i], close);
    if (this.instruments.length > 1) this.converter.setPrice(this.instruments[slot].symbol, close);
    const side = this.side[slot];
    if (side === 0) {
      this.unrealized[slot] = 0;
      return;
    }
    // A long would sell at the bid (the close), a short buy back at the ask.
    const exit = side > 0 ? close : close + spread;
    this.unrealized[slot] = side * this.lots[slot] * this.unitsPerLot[slot] * (exit - this.entry[slot]) * this.rateFloat(slot, exit);
  }

  /** Close-timing fills: market orders submitted at this bar's close fill at that close. */
  fillMarketAtClose(slot: number, bars: BarColumns, i: number): void {
    const orders = this.pending[slot];
    if (orders.length === 0) return;
    const spread = this.spreadAt(slot, bars.spread[i]);
    const close = bars.close[i];
    for (let k = 0; k < orders.length; k++) {
      const order = orders[k];
      if (order.type !== 'market') continue;
      orders.splice(k--, 1);
      const slip = this.slippage(slot);
      const buy = order.side === 'buy';
      this.fill(slot, order, buy ? close + spread + slip : close - slip, bars.time[i], buy ? spread : 0, slip, `${order.reason}; filled at the close`);
    }
    this.markAfterFill(slot, close, spread);
  }

  /** Flattens the slot at the bar's close (end of data, session end handled by strategies). */
  closeAtBarClose(slot: number, bars: BarColumns, i: number, reason: string): void {
    const side = this.side[slot];
    if (side === 0) return;
    const spread = this.spreadAt(slot, bars.spread[i]);
    const close = bars.close[i];
    const order = this.internalOrder(slot, side > 0 ? 'sell' : 'buy', reason);
    this.fill(slot, order, side > 0 ? close : close + spread, bars.time[i], side > 0 ? 0 : spread, 0, reason);
    this.markAfterFill(slot, close, spread);
  }

  private workOrders(slot: number, bars: BarColumns, i: number, spread: number): void {
    const open = bars.open[i];
    const high = bars.high[i];
    const low = bars.low[i];
    const time = bars.time[i];
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
      this.fill(slot, order, price, time, buy ? spread : 0, slip, `${order.reason}; filled ${how}`);
    }
  }

  private checkBrackets(slot: number, bars: BarColumns, i: number, spread: number): void {
    const side = this.side[slot];
    const stopLoss = this.stop[slot];
    const takeProfit = this.target[slot];
    const trailing = this.trail[slot];
    if (stopLoss !== stopLoss && takeProfit !== takeProfit && trailing !== trailing) return;
    // A long exits at the bid, a short at the ask.
    const shift = side > 0 ? 0 : spread;
    const open = bars.open[i] + shift;
    const high = bars.high[i] + shift;
    const low = bars.low[i] + shift;
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
        if (stopLoss !== stopLoss || (side > 0 ? level > stopLoss : level < stopLoss)) this.stop[slot] = level;
      }
      return;
    }
    const slip = slipped ? this.slippage(slot) : 0;
    price = side > 0 ? price - slip : price + slip;
    const order = this.internalOrder(slot, side > 0 ? 'sell' : 'buy', reason);
    this.fill(slot, order, price, bars.time[i], side > 0 ? 0 : spread, slip, reason);
  }

  private internalOrder(slot: number, side: OrderSide, reason: string): Order {
    const order: Order = {
      id: this.nextId(),
      symbol: this.instruments[slot].symbol,
      side,
      type: 'market',
      quantity: this.quantity[slot],
      submittedAt: this.clock.now(),
      reason,
    };
    this.listener.onOrder?.(order);
    return order;
  }

  /** Books one fill: netting, realized P&L, commission, costs; then the brackets the order carries. */
  private fill(slot: number, order: Order, rawPrice: number, time: number, spreadPaid: number, slippage: number, reason: string): void {
    const instrument = this.instruments[slot];
    const scale = 10 ** instrument.precision;
    const priceNumber = Math.round(rawPrice * scale) / scale;
    const price = new ExactDecimal(priceNumber.toFixed(instrument.precision));
    const direction = order.side === 'buy' ? 1 : -1;
    const rate = this.quoteToAccount(slot, priceNumber);
    const units = order.quantity.value.times(instrument.contractSize);
    const notional = byRate(units.times(price), rate);
    const commission = this.commissionFor(order.quantity, notional);
    const currency = this.currency;
    if (!commission.isZero()) this.commissionPaid = this.commissionPaid.plus(commission);
    this.notionalTraded = this.notionalTraded.plus(notional);
    if (spreadPaid > 0) this.spreadPaid = this.spreadPaid.plus(byRate(units.times(spreadPaid.toFixed(instrument.precision + 1)), rate));
    if (slippage > 0) this.slippagePaid = this.slippagePaid.plus(byRate(units.times(slippage.toFixed(instrument.precision + 1)), rate));

    const held = this.quantity[slot].value;
    let realized = ZERO;
    let remaining = order.quantity.value;
    let carried = this.carriedCosts[slot];
    if (this.side[slot] !== 0 && this.side[slot] !== direction) {
      const closing = ExactDecimal.min(held, remaining);
      // Whole closes (the usual case) need no pro-rata division.
      const entryCosts = closing.eq(held) ? carried : carried.times(closing.dividedBy(held));
      const exitCommission = closing.eq(order.quantity.value) ? commission : commission.times(closing.dividedBy(order.quantity.value));
      const move = this.side[slot] > 0 ? price.minus(this.entryPrice[slot]) : this.entryPrice[slot].minus(price);
      realized = byRate(move.times(closing).times(instrument.contractSize), rate);
      this.trades.push({
        symbol: instrument.symbol,
        side: this.side[slot] > 0 ? 'long' : 'short',
        quantity: Quantity.of(closing),
        entryTime: this.entryTime[slot],
        exitTime: time,
        entryPrice: this.entryPrice[slot],
        exitPrice: price,
        grossPnl: Money.of(realized, currency),
        costs: Money.of(entryCosts.plus(exitCommission), currency),
        netPnl: Money.of(realized.minus(entryCosts).minus(exitCommission), currency),
        exitReason: reason,
      });
      carried = carried.minus(entryCosts);
      remaining = remaining.minus(closing);
      const left = held.minus(closing);
      if (left.isZero()) this.setFlat(slot);
      else this.setPosition(slot, this.side[slot], left, this.entryPrice[slot]);
      // The commission of a reversing order splits between the part that closed and the part that opens.
      carried = left.isZero() ? ZERO : carried;
      if (remaining.isPositive() && !remaining.isZero()) carried = commission.times(remaining.dividedBy(order.quantity.value));
    } else {
      carried = carried.plus(commission);
    }
    if (remaining.isPositive() && !remaining.isZero()) {
      const same = this.side[slot] === direction;
      const total = same ? held.plus(remaining) : remaining;
      const average = same ? this.entryPrice[slot].times(held).plus(price.times(remaining)).dividedBy(total) : price;
      if (!same) {
        this.entryTime[slot] = time;
        this.rolloverDay[slot] = rolloverDayOf(time);
      }
      this.setPosition(slot, direction, total, average);
      this.attachBrackets(slot, order);
    }
    this.carriedCosts[slot] = this.side[slot] === 0 ? ZERO : carried;
    this.cashAmount = this.cashAmount.plus(realized).minus(commission);
    this.cashFloat = this.cashAmount.toNumber();
    // Fill reports cost decimal work; build them only for a listener.
    if (this.listener.onFill === undefined) return;
    this.listener.onFill({
      orderId: order.id,
      symbol: instrument.symbol,
      side: order.side,
      quantity: order.quantity,
      price,
      time,
      commission: Money.of(commission, currency),
      realizedPnl: Money.of(realized, currency),
      positionAfter: this.quantity[slot].value.times(this.side[slot]).toFixed(),
      cashAfter: Money.of(this.cashAmount, currency),
      reason,
    });
  }

  private attachBrackets(slot: number, order: OrderRequest): void {
    if (order.stopLoss !== undefined) this.stop[slot] = order.stopLoss;
    if (order.takeProfit !== undefined) this.target[slot] = order.takeProfit;
    if (order.trailingStopDistance !== undefined) this.trail[slot] = order.trailingStopDistance;
  }

  private setPosition(slot: number, side: number, lots: ExactDecimal, entry: ExactDecimal): void {
    this.side[slot] = side;
    this.quantity[slot] = Quantity.of(lots);
    this.entryPrice[slot] = entry;
    this.lots[slot] = lots.toNumber();
    this.entry[slot] = entry.toNumber();
  }

  private setFlat(slot: number): void {
    this.side[slot] = 0;
    this.quantity[slot] = Quantity.of(0);
    this.entryPrice[slot] = ZERO;
    this.lots[slot] = 0;
    this.entry[slot] = 0;
    this.stop[slot] = Number.NaN;
    this.target[slot] = Number.NaN;
    this.trail[slot] = Number.NaN;
    this.unrealized[slot] = 0;
  }

  private markAfterFill(slot: number, close: number, spread: number): void {
    const side = this.side[slot];
    if (side === 0) {
      this.unrealized[slot] = 0;
      return;
    }
    const exit = side > 0 ? close : close + spread;
    this.unrealized[slot] = side * this.lots[slot] * this.unitsPerLot[slot] * (exit - this.entry[slot]) * this.rateFloat(slot, exit);
  }

  private commissionFor(lots: Quantity, notional: ExactDecimal): ExactDecimal {
    const model = this.fillModel.commission;
    if (model.kind === 'per-lot') return lots.value.times(model.amount);
    if (model.kind === 'bps') return notional.times(model.bps).dividedBy(10_000);
    return ZERO;
  }

  /** Nights rolled over since the last charge, Monday to Friday, Wednesday counting three. */
  private chargeSwap(slot: number, time: number): void {
    const day = rolloverDayOf(time);
    const last = this.rolloverDay[slot];
    if (day <= last) return;
    const swap = this.fillModel.swap;
    if (!swap) return;
    let nights = 0;
    for (let d = last + 1; d <= day; d++) {
      const weekday = new Date(d * DAY_MS).getUTCDay();
      if (weekday >= 1 && weekday <= 5) nights += weekday === 3 ? 3 : 1;
    }
    this.rolloverDay[slot] = day;
    if (nights === 0) return;
    const perLot = this.side[slot] > 0 ? swap.longPerLot : swap.shortPerLot;
    const amount = this.quantity[slot].value.times(perLot).times(nights);
    this.swapPaid = this.swapPaid.minus(amount);
    this.carriedCosts[slot] = this.carriedCosts[slot].minus(amount);
    this.cashAmount = this.cashAmount.plus(amount);
    this.cashFloat = this.cashAmount.toNumber();
  }

  private spreadAt(slot: number, barSpreadPoints: number): number {
    const fixed = this.fixedSpread;
    return fixed === fixed ? fixed * this.instruments[slot].pipSize : barSpreadPoints * this.point[slot];
  }

  private slippage(slot: number): number {
    const model = this.fillModel.slippage;
    if (model.kind === 'none') return 0;
    if (model.kind === 'fixed-pips') return model.pips * this.instruments[slot].pipSize;
    const atr = (this.atr as Atr[])[slot].value;
    return atr === atr ? atr * model.fraction : 0;
  }

  private rateFloat(slot: number, price: number): number {
    const instrument = this.instruments[slot];
    if (this.converter.isIdentity(instrument.quote)) return 1;
    if (instrument.base === this.converter.accountCurrency) return 1 / price;
    return this.converter.rate(instrument.quote);
  }
}

function byRate(amount: ExactDecimal, rate: ExactDecimal): ExactDecimal {
  return rate === ONE ? amount : amount.times(rate);
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
