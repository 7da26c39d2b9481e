// What the rules need to know about the account, computed once per decision:
// net lots per symbol (positions plus working orders, the cautious view), the
// conversion rates into the account currency, and, on first use, the margin in
// use and the open risk at stops.
//
// Number discipline: lots are summed as integer lot units (1e-8 lot) so sums
// and comparisons are exact; equity and the money limits derived from it are
// exact decimals; margin, notional and risk at stop are estimates made from
// float market prices, so they are computed in floating point and rounded to
// the cent as exact decimals (`cents`) where they meet a money limit. That
// keeps a decision inside its microsecond budget without pretending prices
// are exact.
import { ExactDecimal, instrumentFor, type Instrument, type Quantity } from '@trading/domain';
import type { RiskLimits } from '../limits.config';
import type { MarketState, PortfolioSnapshot, Side } from '../risk.types';
import { conversionRate, midPrice } from './currency-rates';

/** Lot units per lot: every lot step in use is a whole number of units. */
export const LOT_UNITS = 100_000_000;

export function lotUnits(quantity: Quantity): number {
  return Math.round(quantity.toNumber() * LOT_UNITS);
}

export function unitsToLots(units: number): string {
  return new ExactDecimal(units).dividedBy(LOT_UNITS).toFixed();
}

/** A float money estimate as an exact decimal rounded to the cent. */
export function cents(value: number): ExactDecimal {
  return new ExactDecimal(Math.round(value * 100)).dividedBy(100);
}

export interface SymbolBook {
  readonly symbol: string;
  readonly instrument: Instrument;
  /** Signed lot units of positions and working orders (long > 0). */
  netUnits: number;
  /** Signed lot units of filled positions only. */
  positionUnits: number;
  readonly mid: number;
  /** Account currency per unit of the instrument's base currency. */
  readonly baseToAccount: number;
  /** Account currency per unit of the instrument's quote currency. */
  readonly quoteToAccount: number;
}

export function sideSign(side: Side): 1 | -1 {
  return side === 'BUY' ? 1 : -1;
}

export class PortfolioView {
  readonly equity: ExactDecimal;
  readonly equityNumber: number;
  readonly books = new Map<string, SymbolBook>();
  private marginCache: number | undefined;
  private openRiskCache: number | undefined;

  constructor(
    readonly portfolio: PortfolioSnapshot,
    readonly market: MarketState,
    readonly limits: RiskLimits,
  ) {
    if (portfolio.equity.currency !== limits.accountCurrency) {
      throw new RangeError(`portfolio equity is in ${portfolio.equity.currency} but the limits' accountCurrency is ${limits.accountCurrency}`);
    }
    this.equity = portfolio.equity.amount;
    this.equityNumber = this.equity.toNumber();
    for (const position of portfolio.positions) {
      const book = this.book(position.symbol);
      const units = sideSign(position.side) * lotUnits(position.size);
      book.netUnits += units;
      book.positionUnits += units;
    }
    for (const order of portfolio.openOrders) this.book(order.symbol).netUnits += sideSign(order.side) * lotUnits(order.size);
  }

  /**
   * Signed lot units of filled positions `strategy` holds on `symbol`. Each
   * strategy's position is its own deal (the desk, the venue and the kill switch
   * keep them apart), so an exit closes this, not the symbol's net. A position
   * with no owner counts for whoever asks: a snapshot without owners is one book.
   */
  heldUnits(strategy: string, symbol: string): number {
    let units = 0;
    for (const position of this.portfolio.positions) {
      if (position.symbol === symbol && (position.strategy === undefined || position.strategy === strategy)) units += sideSign(position.side) * lotUnits(position.size);
    }
    return units;
  }

  /** The book of `symbol`, created empty on first sight. */
  book(symbol: string): SymbolBook {
    let book = this.books.get(symbol);
    if (!book) {
      const instrument = this.market.instruments[symbol] ?? instrumentFor(symbol);
      const quotes = this.market.quotes;
      book = {
        symbol,
        instrument,
        netUnits: 0,
        positionUnits: 0,
        mid: midPrice(quotes[symbol]),
        baseToAccount: conversionRate(instrument.base, this.limits.accountCurrency, quotes),
        quoteToAccount: conversionRate(instrument.quote, this.limits.accountCurrency, quotes),
      };
      this.books.set(symbol, book);
    }
    return book;
  }

  /** Signed account-currency notional of signed lot `units` (NaN when a rate is missing). */
  notional(book: SymbolBook, units: number): number {
    return (units / LOT_UNITS) * book.instrument.contractSize * book.baseToAccount;
  }

  /** Margin the broker holds for every book, account currency; NaN when a rate is missing. */
  marginUsed(): number {
    if (this.marginCache === undefined) {
      let total = 0;
      for (const book of this.books.values()) if (book.netUnits !== 0) total += marginFor(book, book.netUnits);
      this.marginCache = total;
    }
    return this.marginCache;
  }

  /**
   * Money lost if every position and working order hit its stop from here.
   * Without a stop, a distance of atrStopMultiple ATRs is assumed; with neither
   * (or without a conversion rate) the open risk is unknown: NaN, and the rule
   * that asked refuses.
   */
  openRisk(): number {
    if (this.openRiskCache === undefined) {
      let total = 0;
      for (const p of this.portfolio.positions) total += this.legRisk(p.symbol, p.side, p.size, Number.NaN, p.stopPrice);
      for (const o of this.portfolio.openOrders) total += this.legRisk(o.symbol, o.side, o.size, o.entryPrice ?? Number.NaN, o.stopPrice);
      this.openRiskCache = total;
    }
    return this.openRiskCache;
  }

  private legRisk(symbol: string, side: Side, size: Quantity, entry: number, stop: number | undefined): number {
    const book = this.book(symbol);
    const from = Number.isNaN(entry) ? book.mid : entry;
    const distance = stop === undefined ? this.limits.sizing.atrStopMultiple * (this.market.atr[symbol] ?? Number.NaN) : (from - stop) * sideSign(side);
    return riskAtStop(book, lotUnits(size), Math.max(0, distance));
  }
}

/** Account-currency margin for signed lot `units` of the book's instrument (NaN when a rate is missing). */
export function marginFor(book: SymbolBook, units: number): number {
  return (Math.abs(units) / LOT_UNITS) * book.instrument.contractSize * book.baseToAccount * book.instrument.marginFactor;
}

/** Account-currency loss of lot `units` over a price `distance` (NaN when it cannot be known). */
export function riskAtStop(book: SymbolBook, units: number, distance: number): number {
  return (Math.abs(units) / LOT_UNITS) * book.instrument.contractSize * distance * book.quoteToAccount;
}
