// How a fill changes the books, apart from the ledger's answers: netting it
// into its position (the part that reduces the position realises P&L and
// closes a trade, the rest opens or adds at an averaged entry), the costs a
// position carries until it closes, and the account's running cost totals.
// All exact; fills are rare next to marks, so this is the decimal side.
import { ExactDecimal, type Instrument, Money, Quantity } from '@trading/domain';
import type { ClosedTrade, CostsPaid, LedgerFill } from './ledger.types';
import type { PositionBooks } from './position-books';

const ZERO = new ExactDecimal(0);
/** The rate of an amount already in the account currency: bookings skip multiplying by it. */
export const ONE = new ExactDecimal(1);

/** What netting a fill did to its position. The same object answers every call of `netFill`. */
export interface Netting {
  /** P&L realised by the part of the fill that reduced the position (account currency). */
  realized: ExactDecimal;
  /** The trade the fill closed, if it closed one (also appended to the trades). */
  trade: ClosedTrade | undefined;
  /** Lots were added in the fill's direction. */
  added: boolean;
  /** The fill started a new position (from flat or by reversing). */
  newEntry: boolean;
}

const NETTING: Netting = { realized: ZERO, trade: undefined, added: false, newEntry: false };

/**
 * Nets a fill at the exact `price` into its position: `rate` converts the
 * instrument's quote currency into the account's `currency`, and a trade the
 * fill closes is appended to `trades`. Cash is the caller's to book.
 */
export function netFill(books: PositionBooks, fill: LedgerFill, instrument: Instrument, price: ExactDecimal, rate: ExactDecimal, currency: string, trades: ClosedTrade[]): Netting {
  const p = fill.position;
  const direction = fill.side === 'buy' ? 1 : -1;
  const commission = fill.commission;
  const held = books.quantity[p].value;
  let realized = ZERO;
  let remaining = fill.quantity.value;
  let carried = books.carriedCosts[p];
  let trade: ClosedTrade | undefined;
  if (books.side[p] !== 0 && books.side[p] !== direction) {
    // Decimal results are reused rather than recomputed where a whole position or fill is involved.
    const closing = held.lte(remaining) ? held : remaining;
    // Whole closes (the usual case) need no pro-rata division.
    const entryCosts = closing.eq(held) ? carried : carried.times(closing.dividedBy(held));
    const exitCommission = closing.eq(fill.quantity.value) ? commission : commission.times(closing.dividedBy(fill.quantity.value));
    const move = books.side[p] > 0 ? price.minus(books.entryPrice[p]) : books.entryPrice[p].minus(price);
    realized = byRate(move.times(closing).times(instrument.contractSize), rate);
    const tradeCosts = exitCommission.isZero() ? entryCosts : entryCosts.plus(exitCommission);
    trade = {
      strategy: books.strategyOf[p],
      symbol: instrument.symbol,
      side: books.side[p] > 0 ? 'long' : 'short',
      quantity: Quantity.of(closing),
      entryTime: books.entryTimes[p],
      exitTime: fill.time,
      entryPrice: books.entryPrice[p],
      exitPrice: price,
      grossPnl: Money.of(realized, currency),
      costs: Money.of(tradeCosts, currency),
      netPnl: Money.of(tradeCosts.isZero() ? realized : realized.minus(tradeCosts), currency),
      exitReason: fill.reason,
    };
    trades.push(trade);
    carried = entryCosts === carried ? ZERO : carried.minus(entryCosts);
    remaining = closing === remaining ? ZERO : remaining.minus(closing);
    const left = closing === held ? ZERO : held.minus(closing);
    if (left.isZero()) books.flatten(p);
    else books.set(p, books.side[p], left, books.entryPrice[p]);
    // The commission of a reversing fill splits between the part that closed and the part that opens.
    carried = left.isZero() ? ZERO : carried;
    if (remaining.isPositive() && !remaining.isZero()) carried = commission.times(remaining.dividedBy(fill.quantity.value));
  } else {
    carried = carried.plus(commission);
  }
  let added = false;
  let newEntry = false;
  if (remaining.isPositive() && !remaining.isZero()) {
    const same = books.side[p] === direction;
    const total = same ? held.plus(remaining) : remaining;
    const average = same ? books.entryPrice[p].times(held).plus(price.times(remaining)).dividedBy(total) : price;
    if (!same) {
      books.entryTimes[p] = fill.time;
      newEntry = true;
    }
    books.set(p, direction, total, average);
    added = true;
  }
  books.carriedCosts[p] = books.side[p] === 0 ? ZERO : carried;
  const netting = NETTING;
  netting.realized = realized;
  netting.trade = trade;
  netting.added = added;
  netting.newEntry = newEntry;
  return netting;
}

/** Money the account paid away, summed as fills and swaps are booked. */
export class CostTotals {
  private commission: ExactDecimal = ZERO;
  private swap: ExactDecimal = ZERO;
  private spread: ExactDecimal = ZERO;
  private slippage: ExactDecimal = ZERO;
  private notionalTraded: ExactDecimal = ZERO;

  /** `track`: sum turnover, spread and slippage too (commission and swap always are). */
  constructor(private readonly track: boolean) {}

  /** A fill at the exact `price`, its quote currency converted at `rate`. */
  addFill(fill: LedgerFill, instrument: Instrument, price: ExactDecimal, rate: ExactDecimal): void {
    const commission = fill.commission;
    if (!commission.isZero()) this.commission = this.commission.plus(commission);
    if (!this.track) return;
    const units = fill.quantity.value.times(instrument.contractSize);
    this.notionalTraded = this.notionalTraded.plus(byRate(units.times(price), rate));
    const spreadPaid = fill.spreadPaid ?? 0;
    const slippage = fill.slippage ?? 0;
    if (spreadPaid > 0) this.spread = this.spread.plus(byRate(units.times(spreadPaid.toFixed(instrument.precision + 1)), rate));
    if (slippage > 0) this.slippage = this.slippage.plus(byRate(units.times(slippage.toFixed(instrument.precision + 1)), rate));
  }

  /** Financing booked: `amount` in the account currency, negative when paid. */
  addSwap(amount: ExactDecimal): void {
    this.swap = this.swap.minus(amount);
  }

  paid(currency: string): CostsPaid {
    return {
      commission: Money.of(this.commission, currency),
      swap: Money.of(this.swap, currency),
      spread: Money.of(this.spread, currency),
      slippage: Money.of(this.slippage, currency),
      notionalTraded: Money.of(this.notionalTraded, currency),
    };
  }
}

function byRate(amount: ExactDecimal, rate: ExactDecimal): ExactDecimal {
  return rate === ONE ? amount : amount.times(rate);
}
