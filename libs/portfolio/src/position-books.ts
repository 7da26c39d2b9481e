// The ledger's positions, one column per field indexed by position: the marks
// and the margin run over every position on every bar, and typed arrays let
// them read floats without touching an object. The exact books (lots, entry,
// carried costs) sit beside the float mirrors the marks use; only `set` and
// `flatten` write a position's lots and entry, so the two never disagree.
// Internal to the package: the ledger answers for positions, fill booking
// changes them.
import { ExactDecimal, Quantity } from '@trading/domain';

const ZERO = new ExactDecimal(0);
const INITIAL_CAPACITY = 8;

export class PositionBooks {
  // Identity, in creation order.
  readonly strategyOf: string[] = [];
  readonly symbolSlotOf: number[] = [];
  // Float mirrors for marks and margin (replaced as they grow: read them through the books, never keep one).
  side = new Int8Array(INITIAL_CAPACITY);
  lots = new Float64Array(INITIAL_CAPACITY);
  entry = new Float64Array(INITIAL_CAPACITY);
  unrealized = new Float64Array(INITIAL_CAPACITY);
  entryTimes = new Float64Array(INITIAL_CAPACITY);
  // Exact books.
  readonly quantity: Quantity[] = [];
  readonly entryPrice: ExactDecimal[] = [];
  /** Commissions and swap carried by the open position, released pro rata as it closes. */
  readonly carriedCosts: ExactDecimal[] = [];
  /** Position indices per symbol slot, by strategy name. */
  readonly ofSymbol: number[][];
  /** Every position index, by symbol slot then strategy name. */
  canonical: number[] = [];
  count = 0;

  constructor(symbols: number) {
    this.ofSymbol = Array.from({ length: symbols }, () => []);
  }

  /** A new flat position of `strategy` on symbol `slot`; returns its index. */
  add(strategy: string, slot: number): number {
    const index = this.count++;
    if (index >= this.side.length) this.grow();
    this.strategyOf.push(strategy);
    this.symbolSlotOf.push(slot);
    this.quantity.push(Quantity.of(0));
    this.entryPrice.push(ZERO);
    this.carriedCosts.push(ZERO);
    // Positions are kept in a canonical order (symbol slot, then strategy name) whatever order
    // they were first used in, so sums over them add in one order in a backtest and in a service.
    const bySymbol = this.ofSymbol[slot];
    let at = bySymbol.length;
    while (at > 0 && this.strategyOf[bySymbol[at - 1]] > strategy) at--;
    bySymbol.splice(at, 0, index);
    this.canonical = this.ofSymbol.flat();
    return index;
  }

  set(p: number, side: number, lots: ExactDecimal, entry: ExactDecimal): void {
    this.side[p] = side;
    this.quantity[p] = Quantity.of(lots);
    this.entryPrice[p] = entry;
    this.lots[p] = lots.toNumber();
    this.entry[p] = entry.toNumber();
  }

  flatten(p: number): void {
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
