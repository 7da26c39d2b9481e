// The portfolio ledger: the book of record of one account. It books fills,
// commissions and swaps into cash and positions in exact decimals, converts
// P&L into the account currency, marks positions to market, and answers
// equity, margin and the margin level. Positions are kept per (strategy,
// symbol): strategies sharing the account each own their position, with its
// own P&L, and one strategy's exit never touches another's exposure; the
// account aggregates them for equity and margin.
//
// Number discipline: everything booked (cash, entry prices, realised P&L,
// costs) is exact; marks are floating point because market prices are, and
// they are recomputed from exact entries at every mark, so no error builds up.
// The positions' columns are in ./position-books, how a fill nets into a
// position and the cost totals in ./fill-booking.
import { ExactDecimal, type Instrument, Money, type Quantity } from '@trading/domain';
import { CurrencyConverter } from './currency.converter';
import { CostTotals, netFill, ONE } from './fill-booking';
import type { ClosedTrade, CostsPaid, FillBooking, LedgerFill, LedgerOptions, PositionView } from './ledger.types';
import { PositionBooks } from './position-books';

/**
 * Margin levels (equity over margin used, 1 = 100 %) at which a broker warns
 * and at which it closes positions. IG's retail accounts follow the ESMA
 * rule: a margin call at 100 %, positions closed from 50 %.
 */
export interface MarginRules {
  readonly callLevel: number;
  readonly stopOutLevel: number;
}

export const IG_RETAIL_MARGIN: MarginRules = Object.freeze({ callLevel: 1, stopOutLevel: 0.5 });

export type MarginStatus = 'ok' | 'margin-call' | 'stop-out';

export class Ledger {
  readonly instruments: readonly Instrument[];
  readonly currency: string;
  readonly initialCash: Money;
  readonly trades: ClosedTrade[] = [];
  private readonly converter: CurrencyConverter;
  private readonly symbolSlots = new Map<string, number>();
  private readonly lastBid: Float64Array;
  private readonly lastSpread: Float64Array;
  private readonly positionKeys = new Map<string, number>();
  private readonly books: PositionBooks;
  private readonly costTotals: CostTotals;
  private cashAmount: ExactDecimal;
  private cashFloat: number;

  constructor(options: LedgerOptions) {
    this.instruments = options.instruments;
    this.initialCash = options.initialCash;
    this.currency = options.initialCash.currency;
    this.converter = new CurrencyConverter(this.currency, options.conversionRates);
    this.costTotals = new CostTotals(options.trackCosts ?? true);
    this.cashAmount = options.initialCash.amount;
    this.cashFloat = options.initialCash.toNumber();
    options.instruments.forEach((instrument, slot) => {
      if (this.symbolSlots.has(instrument.symbol)) throw new RangeError(`instrument ${instrument.symbol} given twice`);
      this.symbolSlots.set(instrument.symbol, slot);
    });
    const n = options.instruments.length;
    this.lastBid = new Float64Array(n).fill(Number.NaN);
    this.lastSpread = new Float64Array(n);
    this.books = new PositionBooks(n);
  }

  /** The slot of `symbol` in `instruments`; throws naming a symbol the account does not trade. */
  symbolSlot(symbol: string): number {
    const slot = this.symbolSlots.get(symbol);
    if (slot === undefined) throw new RangeError(`the account does not trade ${symbol}`);
    return slot;
  }

  /** The index of the (strategy, symbol) position, created flat on first use. */
  positionIndex(strategy: string, symbol: string): number {
    const key = `${strategy}\u0000${symbol}`;
    const known = this.positionKeys.get(key);
    if (known !== undefined) return known;
    const index = this.books.add(strategy, this.symbolSlot(symbol));
    this.positionKeys.set(key, index);
    return index;
  }

  /** Every position index, by symbol slot then strategy name. */
  positionOrder(): readonly number[] {
    return this.books.canonical;
  }

  /** Positions created so far (flat ones included), in creation order. */
  get positionCount(): number {
    return this.books.count;
  }

  strategyAt(position: number): string {
    return this.books.strategyOf[position];
  }

  symbolSlotAt(position: number): number {
    return this.books.symbolSlotOf[position];
  }

  /** 1 long, -1 short, 0 flat. */
  sideAt(position: number): number {
    return this.books.side[position];
  }

  /** Unsigned lots held. */
  quantityAt(position: number): Quantity {
    return this.books.quantity[position];
  }

  /** Average entry price (0 when flat). */
  entryAt(position: number): number {
    return this.books.entry[position];
  }

  entryTimeAt(position: number): number {
    return this.books.entryTimes[position];
  }

  unrealizedAt(position: number): number {
    return this.books.unrealized[position];
  }

  /** Position indices of one symbol slot, by strategy name. */
  positionsOf(slot: number): readonly number[] {
    return this.books.ofSymbol[slot];
  }

  view(position: number): PositionView {
    const books = this.books;
    return {
      index: position,
      strategy: books.strategyOf[position],
      symbol: this.instruments[books.symbolSlotOf[position]].symbol,
      side: books.side[position],
      quantity: books.quantity[position],
      entryPrice: books.entryPrice[position],
      entryTime: books.entryTimes[position],
      unrealized: books.unrealized[position],
    };
  }

  get cash(): Money {
    return Money.of(this.cashAmount, this.currency);
  }

  /** Booked cash plus open P&L at the latest marks, floating point. */
  equity(): number {
    let open = 0;
    const { canonical: order, unrealized } = this.books;
    for (let k = 0; k < order.length; k++) open += unrealized[order[k]];
    return this.cashFloat + open;
  }

  /** Latest bid of a symbol slot (NaN before its first mark). */
  lastPrice(slot: number): number {
    return this.lastBid[slot];
  }

  /** Spread of the latest mark of a symbol slot, price units. */
  lastSpreadOf(slot: number): number {
    return this.lastSpread[slot];
  }

  /** Margin the positions tie up at the latest marks, account currency (NaN when a price or rate is missing). */
  marginUsed(): number {
    let total = 0;
    const books = this.books;
    const order = books.canonical;
    for (let k = 0; k < order.length; k++) {
      const p = order[k];
      if (books.side[p] === 0) continue;
      const slot = books.symbolSlotOf[p];
      total += this.marginFor(slot, books.lots[p], this.lastBid[slot]);
    }
    return total;
  }

  /** Equity over margin used (Infinity with nothing open): 1 = 100 %. */
  marginLevel(): number {
    const margin = this.marginUsed();
    return margin > 0 ? this.equity() / margin : Number.POSITIVE_INFINITY;
  }

  /** Equity not tied up as margin, account currency (floating point, at the latest marks). */
  freeMargin(): number {
    return this.equity() - this.marginUsed();
  }

  /** Where the account stands against a broker's margin rules. */
  marginStatus(rules: MarginRules): MarginStatus {
    const level = this.marginLevel();
    if (level <= rules.stopOutLevel) return 'stop-out';
    return level <= rules.callLevel ? 'margin-call' : 'ok';
  }

  /** Margin `lots` of a symbol slot would tie up at `price`, account currency. */
  marginFor(slot: number, lots: number, price: number): number {
    const instrument = this.instruments[slot];
    return lots * instrument.contractSize * price * this.rateFloat(slot, price) * instrument.marginFactor;
  }

  costs(): CostsPaid {
    return this.costTotals.paid(this.currency);
  }

  /**
   * Account currency per unit of the slot's quote currency at `price` of that
   * slot; for a fill in a bar that started at `fillBarStart`, a cross converts at
   * its conversion pair's close before that bar (see CurrencyConverter).
   */
  quoteToAccount(slot: number, price: number, fillBarStart?: number): ExactDecimal {
    const instrument = this.instruments[slot];
    if (this.converter.isIdentity(instrument.quote)) return ONE;
    if (instrument.base === this.converter.accountCurrency) return ONE.dividedBy(price);
    return new ExactDecimal(this.converter.rate(instrument.quote, fillBarStart));
  }

  /** The same rate in floating point, for marks. */
  rateFloat(slot: number, price: number): number {
    const instrument = this.instruments[slot];
    if (this.converter.isIdentity(instrument.quote)) return 1;
    if (instrument.base === this.converter.accountCurrency) return 1 / price;
    return this.converter.rate(instrument.quote);
  }

  /** Records the close of a pair's bar that started at `barStart`, for converting other pairs' P&L. */
  observeConversionPrice(symbol: string, price: number, barStart: number): void {
    this.converter.setPrice(symbol, price, barStart);
  }

  /**
   * Marks every position of a symbol slot at a bid and a spread (price units):
   * a long would sell at the bid, a short buy back at the ask.
   */
  mark(slot: number, bid: number, spread: number): void {
    this.lastBid[slot] = bid;
    this.lastSpread[slot] = spread;
    const positions = this.books.ofSymbol[slot];
    for (let k = 0; k < positions.length; k++) this.markPosition(positions[k], bid, spread);
  }

  /** Marks one position (after a fill) without moving the symbol's latest price. */
  markPosition(position: number, bid: number, spread: number): void {
    const books = this.books;
    const side = books.side[position];
    if (side === 0) {
      books.unrealized[position] = 0;
      return;
    }
    const slot = books.symbolSlotOf[position];
    const exit = side > 0 ? bid : bid + spread;
    books.unrealized[position] = side * books.lots[position] * this.instruments[slot].contractSize * (exit - books.entry[position]) * this.rateFloat(slot, exit);
  }

  /** Books one fill: netting within the position, realised P&L, commission, costs. */
  applyFill(fill: LedgerFill): FillBooking {
    const p = fill.position;
    const books = this.books;
    const slot = books.symbolSlotOf[p];
    const instrument = this.instruments[slot];
    const price = fill.exactPrice ?? new ExactDecimal(fill.price.toFixed(instrument.precision));
    const rate = this.quoteToAccount(slot, fill.price, fill.time);
    const commission = fill.commission;
    this.costTotals.addFill(fill, instrument, price, rate);
    const { realized, trade, added, newEntry } = netFill(books, fill, instrument, price, rate, this.currency, this.trades);
    // Most fills either realise nothing (entries) or pay no commission: skip the no-op sums.
    if (!realized.isZero()) this.cashAmount = this.cashAmount.plus(realized);
    if (!commission.isZero()) this.cashAmount = this.cashAmount.minus(commission);
    this.cashFloat = this.cashAmount.toNumber();
    const after = books.quantity[p].value.toFixed();
    return {
      realized,
      commission,
      price,
      positionAfter: books.side[p] < 0 ? `-${after}` : after,
      cashAfter: Money.of(this.cashAmount, this.currency),
      trade,
      added,
      newEntry,
    };
  }

  /** Books financing on a position: `amount` in the account currency, negative when paid. */
  chargeSwap(position: number, amount: ExactDecimal): void {
    this.costTotals.addSwap(amount);
    this.books.carriedCosts[position] = this.books.carriedCosts[position].minus(amount);
    this.cashAmount = this.cashAmount.plus(amount);
    this.cashFloat = this.cashAmount.toNumber();
  }
}
