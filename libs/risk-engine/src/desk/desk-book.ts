// The risk desk's book of record: the ledger (cash, positions per strategy and
// symbol, trades), the orders the desk sent that have not filled yet, and the
// stop each position was opened with. It is built only from what the desk
// decided and what the venue reported, never by reading the venue, so the
// same book can live inside the risk service.
import type { ExactDecimal, Instrument, Money, Quantity } from '@trading/domain';
import { type FillBooking, Ledger, type OrderSide } from '@trading/portfolio';

/** An order the desk sent and the venue has not filled or cancelled yet. */
export interface WorkingOrder {
  readonly id: string;
  readonly strategy: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: Quantity;
  /** Limit or stop price; absent for market orders. */
  readonly price?: number;
  readonly stopLoss?: number;
  readonly takeProfit?: number;
}

/** A fill as the venue reports it. */
export interface ReportedFill {
  readonly orderId: string;
  readonly strategy: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: Quantity;
  /** Execution price on the instrument's point grid. */
  readonly price: number;
  /** The same price as an exact decimal, when the reporter has it. */
  readonly exactPrice?: ExactDecimal;
  readonly time: number;
  readonly commission: Money;
  readonly reason: string;
}

export interface DeskBookOptions {
  readonly initialCash: Money;
  readonly instruments: readonly Instrument[];
  readonly conversionRates?: Readonly<Record<string, number>>;
}

export class DeskBook {
  readonly ledger: Ledger;
  readonly instruments: readonly Instrument[];
  private readonly working: WorkingOrder[][];
  private readonly stops: number[] = [];
  private readonly bidOf: Float64Array;
  private readonly spreadOf: Float64Array;
  /** Undefined, which no symbol equals, until the first lookup: the cache answers only for a symbol the ledger knows. */
  private lastSymbol?: string;
  private lastSlot = -1;

  constructor(options: DeskBookOptions) {
    this.instruments = options.instruments;
    // The desk's book never reports costs paid (the venue's statement does).
    this.ledger = new Ledger({ ...options, trackCosts: false });
    this.working = options.instruments.map(() => []);
    this.bidOf = new Float64Array(options.instruments.length).fill(Number.NaN);
    this.spreadOf = new Float64Array(options.instruments.length);
  }

  get cash(): Money {
    return this.ledger.cash;
  }

  /** Booked cash plus open P&L at the latest quotes, floating point. */
  equity(): number {
    return this.ledger.equity();
  }

  slotOf(symbol: string): number {
    // Bars of one symbol come in runs: the last answer is usually the right one.
    if (symbol === this.lastSymbol) return this.lastSlot;
    this.lastSlot = this.ledger.symbolSlot(symbol);
    this.lastSymbol = symbol;
    return this.lastSlot;
  }

  /** The position index of (strategy, symbol). */
  position(strategy: string, symbol: string): number {
    const index = this.ledger.positionIndex(strategy, symbol);
    while (this.stops.length <= index) this.stops.push(Number.NaN);
    return index;
  }

  /** 1 long, -1 short, 0 flat: the strategy's own position on the symbol. */
  positionSide(strategy: string, symbol: string): number {
    return this.ledger.sideAt(this.position(strategy, symbol));
  }

  /** Stop-loss the position was opened with (NaN when none or flat). */
  stopOf(position: number): number {
    return this.stops[position] ?? Number.NaN;
  }

  /** Latest bid of a symbol slot (NaN before its first quote). */
  bid(slot: number): number {
    return this.bidOf[slot];
  }

  /** Latest spread of a symbol slot, price units. */
  spread(slot: number): number {
    return this.spreadOf[slot];
  }

  /** The stop-loss a working order carries (undefined when it has none or is not working). */
  workingStop(orderId: string): number | undefined {
    for (const orders of this.working) for (const order of orders) if (order.id === orderId) return order.stopLoss;
    return undefined;
  }

  /** Working orders of a symbol slot, oldest first. */
  workingOrders(slot: number): readonly WorkingOrder[] {
    return this.working[slot];
  }

  /** The latest quote of a slot, the close of its bar that started at `barStart`: marks its positions and feeds currency conversion. */
  quote(slot: number, bid: number, spread: number, barStart: number): void {
    this.bidOf[slot] = bid;
    this.spreadOf[slot] = spread;
    if (this.instruments.length > 1) this.ledger.observeConversionPrice(this.instruments[slot].symbol, bid, barStart);
    this.ledger.mark(slot, bid, spread);
  }

  /** An order the desk sent. */
  sent(order: WorkingOrder): void {
    this.position(order.strategy, order.symbol);
    this.working[this.slotOf(order.symbol)].push(order);
  }

  /** The venue will never fill this order (cancelled or refused); true when it was working. */
  removed(orderId: string): boolean {
    for (const orders of this.working) {
      const at = orders.findIndex((order) => order.id === orderId);
      if (at < 0) continue;
      orders.splice(at, 1);
      return true;
    }
    return false;
  }

  /** Books a reported fill and re-marks its position at the latest quote. */
  fill(fill: ReportedFill): FillBooking {
    const slot = this.slotOf(fill.symbol);
    const position = this.position(fill.strategy, fill.symbol);
    const orders = this.working[slot];
    const at = orders.findIndex((order) => order.id === fill.orderId);
    const order = at < 0 ? undefined : orders[at];
    if (at >= 0) orders.splice(at, 1);
    const booking = this.ledger.applyFill({
      position,
      orderId: fill.orderId,
      side: fill.side,
      quantity: fill.quantity,
      price: fill.price,
      exactPrice: fill.exactPrice,
      time: fill.time,
      commission: fill.commission.amount,
      reason: fill.reason,
    });
    if (this.ledger.sideAt(position) === 0) this.stops[position] = Number.NaN;
    else if (booking.added && order?.stopLoss !== undefined) this.stops[position] = order.stopLoss;
    const bid = this.bidOf[slot];
    if (bid === bid) this.ledger.markPosition(position, bid, this.spreadOf[slot]);
    return booking;
  }
}
