// Converts P&L from an instrument's quote currency into the account currency.
// Rates come from the latest prices of the symbols in the run (or fixed rates
// given up front): USD P&L of USDJPY divides by USDJPY itself, GBP P&L of
// EURGBP in a USD account needs GBPUSD's price.
//
// A fill inside a bar is converted at the conversion pair's close before that
// bar started, never at a close the fill could not have known. Bars closing
// together are handled one symbol after another, so without this a fill in
// EURAUD would be converted at AUDUSD's close of the same hour whenever AUDUSD
// came first, and at the hour before when it came after: a look-ahead that
// depended on the order of the symbols. Marks and decisions made after a close
// take the latest price.

/** A pair's latest close, the start of the bar it closed, and the close of the bar before. */
interface PriceRecord {
  price: number;
  barStart: number;
  earlier: number | undefined;
}

export class CurrencyConverter {
  private readonly prices = new Map<string, PriceRecord>();

  constructor(
    readonly accountCurrency: string,
    fixedRates: Readonly<Record<string, number>> = {},
  ) {
    for (const [symbol, price] of Object.entries(fixedRates)) {
      if (!/^[A-Z]{6}$/.test(symbol) || !(price > 0)) throw new RangeError(`conversion rate ${symbol}=${price}: expected a six-letter pair and a price > 0`);
      this.prices.set(symbol, { price, barStart: Number.NEGATIVE_INFINITY, earlier: undefined });
    }
  }

  /**
   * Records the close of a pair's bar that started at `barStart` (UTC ms); a
   * second close of the same bar replaces the first. Without a time the price
   * holds from the beginning of time, as a fixed rate does.
   */
  setPrice(symbol: string, price: number, barStart = Number.NEGATIVE_INFINITY): void {
    const record = this.prices.get(symbol);
    if (record === undefined) this.prices.set(symbol, { price, barStart, earlier: undefined });
    else {
      if (barStart !== record.barStart) record.earlier = record.price;
      record.price = price;
      record.barStart = barStart;
    }
  }

  /** True when `quote` converts without any rate (it is the account currency). */
  isIdentity(quote: string): boolean {
    return quote === this.accountCurrency;
  }

  /**
   * Account currency per unit of `quote`: the latest price, or for a fill in a
   * bar that started at `fillBarStart`, the close of a bar that started before
   * it. The conversion pair's first bar has no close before it; its own close
   * is then the nearest known. Throws naming the pair that is missing.
   */
  rate(quote: string, fillBarStart = Number.POSITIVE_INFINITY): number {
    const account = this.accountCurrency;
    if (quote === account) return 1;
    const direct = this.prices.get(quote + account);
    if (direct !== undefined) return priceBefore(direct, fillBarStart);
    const inverse = this.prices.get(account + quote);
    if (inverse !== undefined) return 1 / priceBefore(inverse, fillBarStart);
    throw new RangeError(`no rate to convert ${quote} into ${account}: add ${quote}${account} or ${account}${quote} data to the run or give a fixed rate`);
  }
}

function priceBefore(record: PriceRecord, fillBarStart: number): number {
  return record.barStart < fillBarStart || record.earlier === undefined ? record.price : record.earlier;
}
