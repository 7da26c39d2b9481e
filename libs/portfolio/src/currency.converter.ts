// Converts P&L from an instrument's quote currency into the account currency.
// Rates come from the latest prices of the symbols in the run (or fixed rates
// given up front): USD P&L of USDJPY divides by USDJPY itself, GBP P&L of
// EURGBP in a USD account needs GBPUSD's price.
export class CurrencyConverter {
  private readonly prices = new Map<string, number>();

  constructor(
    readonly accountCurrency: string,
    fixedRates: Readonly<Record<string, number>> = {},
  ) {
    for (const [symbol, price] of Object.entries(fixedRates)) {
      if (!/^[A-Z]{6}$/.test(symbol) || !(price > 0)) throw new RangeError(`conversion rate ${symbol}=${price}: expected a six-letter pair and a price > 0`);
      this.prices.set(symbol, price);
    }
  }

  /** Records the latest price of a pair; called when its bar closes or fills. */
  setPrice(symbol: string, price: number): void {
    this.prices.set(symbol, price);
  }

  /** True when `quote` converts without any rate (it is the account currency). */
  isIdentity(quote: string): boolean {
    return quote === this.accountCurrency;
  }

  /** Account currency per unit of `quote`; throws naming the pair that is missing. */
  rate(quote: string): number {
    const account = this.accountCurrency;
    if (quote === account) return 1;
    const direct = this.prices.get(quote + account);
    if (direct !== undefined) return direct;
    const inverse = this.prices.get(account + quote);
    if (inverse !== undefined) return 1 / inverse;
    throw new RangeError(`no rate to convert ${quote} into ${account}: add ${quote}${account} or ${account}${quote} data to the run or give a fixed rate`);
  }
}
