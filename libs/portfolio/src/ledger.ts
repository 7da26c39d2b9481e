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
import { ExactDecimal, type Instrument, Money, Quantity } from '@trading/domain';
import { CurrencyConverter } from './currency.converter';
import type { ClosedTrade, CostsPaid, FillBooking, LedgerFill, PositionView } from './ledger.types';

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

export interface LedgerOptions {
  readonly initialCash: Money;
  /** Instruments the account may hold; each symbol once. */
  readonly instruments: readonly Instrument[];
  /** Fixed prices for currency conversion, e.g. { GBPUSD: 1.27 }. */
  readonly conversionRates?: Readonly<Record<string, number>>;
  /**
   * Sum the turnover, spread and slippage paid (for reports). A book of
   * record that never reports them (the risk desk's: the venue's account
   * reports costs) skips the decimal work.
   */
  readonly trackCosts?: boolean;
}

const ZERO = new ExactDecimal(0);
const ONE = new ExactDecimal(1);
const INITIAL_CAPACITY = 8;

export class Ledger {
  readonly instruments: readonly Instrument[];
  readonly currency: string;
  readonly initialCash: Money;
  readonly trades: ClosedTrade[] = [];
  private readonly converter: CurrencyConverter;
  private readonly symbolSlots = new Map<string, number>();
  private readonly lastBid: Float64Array;
  private readonly lastSpread: Float64Array;
  private readonly positionsOfSymbol: number[][];
  private readonly positionKeys = new Map<string, number>();
  private canonical: number[] = [];

  // Per position: identity, float mirrors for marks, exact books.
  private strategyOf: string[] = [];
  private symbolSlotOf: number[] = [];
  private side = new Int8Array(INITIAL_CAPACITY);
  private lots = new Float64Array(INITIAL_CAPACITY);
  private entry = new Float64Array(INITIAL_CAPACITY);
  private unrealized = new Float64Array(INITIAL_CAPACITY);
  private entryTimes = new Float64Array(INITIAL_CAPACITY);
  private quantity: Quantity[] = [];
  private entryPrice: ExactDecimal[] = [];
  /** Commissions and swap carried by the open position, released pro rata as it closes. */
  private carriedCosts: ExactDecimal[] = [];
  private count = 0;

  private cashAmount: ExactDecimal;
  private cashFloat: number;
  private commissionPaid: ExactDecimal = ZERO;
  private swapPaid: ExactDecimal = ZERO;
  private spreadPaid: ExactDecimal = ZERO;
  private slippagePaid: ExactDecimal = ZERO;
  private notionalTraded: ExactDecimal = ZERO;
  private readonly trackCosts: boolean;

  constructor(options: LedgerOptions) {
    this.instruments = options.instruments;
    this.initialCash = options.initialCash;
    this.currency = options.initialCash.currency;
    this.converter = new CurrencyConverter(this.currency, options.conversionRates);
    this.trackCosts = options.trackCosts ?? true;
    this.cashAmount = options.initialCash.amount;
    this.cashFloat = options.initialCash.toNumber();
    options.instruments.forEach((instrument, slot) => {
      if (this.symbolSlots.has(instrument.symbol)) throw new RangeError(`instrument ${instrument.symbol} given twice`);
      this.symbolSlots.set(instrument.symbol, slot);
    });
    const n = options.instruments.length;
    this.lastBid = new Float64Array(n).fill(Number.NaN);
    this.lastSpread = new Float64Array(n);
    this.positionsOfSymbol = options.instruments.map(() => []);
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
    const slot = this.symbolSlot(symbol);
    const index = this.count++;
    if (index >= this.side.length) this.grow();
    this.positionKeys.set(key, index);
    this.strategyOf.push(strategy);
    this.symbolSlotOf.push(slot);
    this.quantity.push(Quantity.of(0));
    this.entryPrice.push(ZERO);
    this.carriedCosts.push(ZERO);
    // Positions are kept in a canonical order (symbol slot, then strategy name) whatever order
    // they were first used in, so sums over them add in one order in a backtest and in a service.
    const bySymbol = this.positionsOfSymbol[slot];
    let at = bySymbol.length;
    while (at > 0 && this.strategyOf[bySymbol[at - 1]] > strategy) at--;
    bySymbol.splice(at, 0, index);
    this.canonical = this.positionsOfSymbol.flat();
    return index;
  }

  /** Every position index, by symbol slot then strategy name. */
  positionOrder(): readonly number[] {
    return this.canonical;
  }

  /** Positions created so far (flat ones included), in creation order. */
  get positionCount(): number {
    return this.count;
  }

  strategyAt(position: number): string {
    return this.strategyOf[position];
  }

  symbolSlotAt(position: number): number {
    return this.symbolSlotOf[position];
  }

  /** 1 long, -1 short, 0 flat. */
  sideAt(position: number): number {
    return this.side[position];
  }

  /** Unsigned lots held. */
  quantityAt(position: number): Quantity {
    return this.quantity[position];
  }

  /** Average entry price (0 when flat). */
  entryAt(position: number): number {
    return this.entry[position];
  }

  entryTimeAt(position: number): number {
    return this.entryTimes[position];
  }

  unrealizedAt(position: number): number {
    return this.unrealized[position];
  }

  /** Position indices of one symbol slot, by strategy name. */
  positionsOf(slot: number): readonly number[] {
    return this.positionsOfSymbol[slot];
  }

  view(position: number): PositionView {
    return {
      index: position,
      strategy: this.strategyOf[position],
      symbol: this.instruments[this.symbolSlotOf[position]].symbol,
      side: this.side[position],
      quantity: this.quantity[position],
      entryPrice: this.entryPrice[position],
      entryTime: this.entryTimes[position],
      unrealized: this.unrealized[position],
    };
  }

  get cash(): Money {
    return Money.of(this.cashAmount, this.currency);
  }

  /** Booked cash plus open P&L at the latest marks, floating point. */
  equity(): number {
    let open = 0;
    const order = this.canonical;
    for (let k = 0; k < order.length; k++) open += this.unrealized[order[k]];
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
    const order = this.canonical;
    for (let k = 0; k < order.length; k++) {
      const p = order[k];
      if (this.side[p] === 0) continue;
      const slot = this.symbolSlotOf[p];
      total += this.marginFor(slot, this.lots[p], this.lastBid[slot]);
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
    const currency = this.currency;
    return {
      commission: Money.of(this.commissionPaid, currency),
      swap: Money.of(this.swapPaid, currency),
      spread: Money.of(this.spreadPaid, currency),
      slippage: Money.of(this.slippagePaid, currency),
      notionalTraded: Money.of(this.notionalTraded, currency),
    };
  }

  /** Account currency per unit of the slot's quote currency at `price` of that slot. */
  quoteToAccount(slot: number, price: number): ExactDecimal {
    const instrument = this.instruments[slot];
    if (this.converter.isIdentity(instrument.quote)) return ONE;
    if (instrument.base === this.converter.accountCurrency) return ONE.dividedBy(price);
    return new ExactDecimal(this.converter.rate(instrument.quote));
  }

  /** The same rate in floating point, for marks. */
  rateFloat(slot: number, price: number): number {
    const instrument = this.instruments[slot];
    if (this.converter.isIdentity(instrument.quote)) return 1;
    if (instrument.base === this.converter.accountCurrency) return 1 / price;
    return this.converter.rate(instrument.quote);
  }

  /** Records the latest price of a pair for converting other pairs' P&L. */
  observeConversionPrice(symbol: string, price: number): void {
    this.converter.setPrice(symbol, price);
  }

  /**
   * Marks every position of a symbol slot at a bid and a spread (price units):
   * a long would sell at the bid, a short buy back at the ask.
   */
  mark(slot: number, bid: number, spread: number): void {
    this.lastBid[slot] = bid;
    this.lastSpread[slot] = spread;
    const positions = this.positionsOfSymbol[slot];
    for (let k = 0; k < positions.length; k++) this.markPosition(positions[k], bid, spread);
  }

  /** Marks one position (after a fill) without moving the symbol's latest price. */
  markPosition(position: number, bid: number, spread: number): void {
    const side = this.side[position];
    if (side === 0) {
      this.unrealized[position] = 0;
      return;
    }
    const slot = this.symbolSlotOf[position];
    const exit = side > 0 ? bid : bid + spread;
    this.unrealized[position] = side * this.lots[position] * this.instruments[slot].contractSize * (exit - this.entry[position]) * this.rateFloat(slot, exit);
  }

  /** Books one fill: netting within the position, realised P&L, commission, costs. */
  applyFill(fill: LedgerFill): FillBooking {
    const p = fill.position;
    const slot = this.symbolSlotOf[p];
    const instrument = this.instruments[slot];
    const price = fill.exactPrice ?? new ExactDecimal(fill.price.toFixed(instrument.precision));
    const direction = fill.side === 'buy' ? 1 : -1;
    const rate = this.quoteToAccount(slot, fill.price);
    const commission = fill.commission;
    if (!commission.isZero()) this.commissionPaid = this.commissionPaid.plus(commission);
    if (this.trackCosts) this.bookCosts(fill, instrument, price, rate);

    const held = this.quantity[p].value;
    let realized = ZERO;
    let remaining = fill.quantity.value;
    let carried = this.carriedCosts[p];
    let trade: ClosedTrade | undefined;
    if (this.side[p] !== 0 && this.side[p] !== direction) {
      // Decimal results are reused rather than recomputed where a whole position or fill is involved.
      const closing = held.lte(remaining) ? held : remaining;
      // Whole closes (the usual case) need no pro-rata division.
      const entryCosts = closing.eq(held) ? carried : carried.times(closing.dividedBy(held));
      const exitCommission = closing.eq(fill.quantity.value) ? commission : commission.times(closing.dividedBy(fill.quantity.value));
      const move = this.side[p] > 0 ? price.minus(this.entryPrice[p]) : this.entryPrice[p].minus(price);
      realized = byRate(move.times(closing).times(instrument.contractSize), rate);
      const tradeCosts = exitCommission.isZero() ? entryCosts : entryCosts.plus(exitCommission);
      trade = {
        strategy: this.strategyOf[p],
        symbol: instrument.symbol,
        side: this.side[p] > 0 ? 'long' : 'short',
        quantity: Quantity.of(closing),
        entryTime: this.entryTimes[p],
        exitTime: fill.time,
        entryPrice: this.entryPrice[p],
        exitPrice: price,
        grossPnl: Money.of(realized, this.currency),
        costs: Money.of(tradeCosts, this.currency),
        netPnl: Money.of(tradeCosts.isZero() ? realized : realized.minus(tradeCosts), this.currency),
        exitReason: fill.reason,
      };
      this.trades.push(trade);
      carried = entryCosts === carried ? ZERO : carried.minus(entryCosts);
      remaining = closing === remaining ? ZERO : remaining.minus(closing);
      const left = closing === held ? ZERO : held.minus(closing);
      if (left.isZero()) this.setFlat(p);
      else this.setPosition(p, this.side[p], left, this.entryPrice[p]);
      // The commission of a reversing fill splits between the part that closed and the part that opens.
      carried = left.isZero() ? ZERO : carried;
      if (remaining.isPositive() && !remaining.isZero()) carried = commission.times(remaining.dividedBy(fill.quantity.value));
    } else {
      carried = carried.plus(commission);
    }
    let added = false;
    let newEntry = false;
    if (remaining.isPositive() && !remaining.isZero()) {
      const same = this.side[p] === direction;
      const total = same ? held.plus(remaining) : remaining;
      const average = same ? this.entryPrice[p].times(held).plus(price.times(remaining)).dividedBy(total) : price;
      if (!same) {
        this.entryTimes[p] = fill.time;
        newEntry = true;
      }
      this.setPosition(p, direction, total, average);
      added = true;
    }
    this.carriedCosts[p] = this.side[p] === 0 ? ZERO : carried;
    // Most fills either realise nothing (entries) or pay no commission: skip the no-op sums.
    if (!realized.isZero()) this.cashAmount = this.cashAmount.plus(realized);
    if (!commission.isZero()) this.cashAmount = this.cashAmount.minus(commission);
    this.cashFloat = this.cashAmount.toNumber();
    const after = this.quantity[p].value.toFixed();
    return {
      realized,
      commission,
      price,
      positionAfter: this.side[p] < 0 ? `-${after}` : after,
      cashAfter: Money.of(this.cashAmount, this.currency),
      trade,
      added,
      newEntry,
    };
  }

  private bookCosts(fill: LedgerFill, instrument: Instrument, price: ExactDecimal, rate: ExactDecimal): void {
    const units = fill.quantity.value.times(instrument.contractSize);
    this.notionalTraded = this.notionalTraded.plus(byRate(units.times(price), rate));
    const spreadPaid = fill.spreadPaid ?? 0;
    const slippage = fill.slippage ?? 0;
    if (spreadPaid > 0) this.spreadPaid = this.spreadPaid.plus(byRate(units.times(spreadPaid.toFixed(instrument.precision + 1)), rate));
    if (slippage > 0) this.slippagePaid = this.slippagePaid.plus(byRate(units.times(slippage.toFixed(instrument.precision + 1)), rate));
  }

  /** Books financing on a position: `amount` in the account currency, negative when paid. */
  chargeSwap(position: number, amount: ExactDecimal): void {
    this.swapPaid = this.swapPaid.minus(amount);
    this.carriedCosts[position] = this.carriedCosts[position].minus(amount);
    this.cashAmount = this.cashAmount.plus(amount);
    this.cashFloat = this.cashAmount.toNumber();
  }

  private setPosition(p: number, side: number, lots: ExactDecimal, entry: ExactDecimal): void {
    this.side[p] = side;
    this.quantity[p] = Quantity.of(lots);
    this.entryPrice[p] = entry;
    this.lots[p] = lots.toNumber();
    this.entry[p] = entry.toNumber();
  }

  private setFlat(p: number): void {
    this.side[p] = 0;
    this.quantity[p] = Quantity.of(0);
    this.entryPrice[p] = ZERO;
    this.lots[p] = 0;
    this.entry[p] = 0;
    this.unrealized[p] = 0;
  }

  private grow(): void {
    const size = this.side.length * 2;
    this.side = resized(this.side, new Int8Array(size));
    this.lots = resized(this.lots, new Float64Array(size));
    this.entry = resized(this.entry, new Float64Array(size));
    this.unrealized = resized(this.unrealized, new Float64Array(size));
    this.entryTimes = resized(this.entryTimes, new Float64Array(size));
  }
}

function resized<T extends Int8Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function byRate(amount: ExactDecimal, rate: ExactDecimal): ExactDecimal {
  return rate === ONE ? amount : amount.times(rate);
}
