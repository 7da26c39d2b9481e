// What the ledger is built with, what it books and what it answers. Sizes and
// money are exact; prices are numbers already rounded to the instrument's
// point by whoever quoted them (the venue), so a booking never invents precision.
import type { ExactDecimal, Instrument, Money, Quantity } from '@trading/domain';

export type OrderSide = 'buy' | 'sell';

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

/** One execution to book against a position of the ledger. */
export interface LedgerFill {
  /** Position index from `Ledger.positionIndex(strategy, symbol)`. */
  readonly position: number;
  readonly orderId: string;
  readonly side: OrderSide;
  /** Lots. */
  readonly quantity: Quantity;
  /** Execution price, already on the instrument's point grid. */
  readonly price: number;
  /** The same price as an exact decimal, when the caller has it (saves reading it again). */
  readonly exactPrice?: ExactDecimal;
  /** UTC ms of the execution. */
  readonly time: number;
  /** Commission charged for this fill, account currency. */
  readonly commission: ExactDecimal;
  /** Spread paid per unit, price units (for the cost analysis only). */
  readonly spreadPaid?: number;
  /** Slippage suffered per unit, price units (for the cost analysis only). */
  readonly slippage?: number;
  readonly reason: string;
}

/** What a fill did to the books. */
export interface FillBooking {
  /** P&L realised by the part of the fill that reduced the position (account currency). */
  readonly realized: ExactDecimal;
  readonly commission: ExactDecimal;
  /** The fill price as an exact decimal. */
  readonly price: ExactDecimal;
  /** Signed lots of the position after the fill, exact decimal text. */
  readonly positionAfter: string;
  readonly cashAfter: Money;
  /** The trade the fill closed (all or part of the position), if it closed one. */
  readonly trade: ClosedTrade | undefined;
  /** True when lots were added in the fill's direction (a new, reversed or increased position). */
  readonly added: boolean;
  /** True when the fill started a new position (from flat or by reversing). */
  readonly newEntry: boolean;
}

export interface ClosedTrade {
  readonly strategy: string;
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly quantity: Quantity;
  readonly entryTime: number;
  readonly exitTime: number;
  readonly entryPrice: ExactDecimal;
  readonly exitPrice: ExactDecimal;
  /** Price P&L of the closed quantity, account currency. */
  readonly grossPnl: Money;
  /** Commissions (entry share and exit) and swap of the closed quantity. */
  readonly costs: Money;
  readonly netPnl: Money;
  readonly exitReason: string;
}

/** Money paid away over the account's life, account currency. */
export interface CostsPaid {
  readonly commission: Money;
  readonly swap: Money;
  readonly spread: Money;
  readonly slippage: Money;
  readonly notionalTraded: Money;
}

/** One (strategy, symbol) position as the books hold it. */
export interface PositionView {
  readonly index: number;
  readonly strategy: string;
  readonly symbol: string;
  /** 1 long, -1 short, 0 flat. */
  readonly side: number;
  /** Unsigned lots. */
  readonly quantity: Quantity;
  readonly entryPrice: ExactDecimal;
  readonly entryTime: number;
  /** Open P&L at the latest mark, account currency, floating point. */
  readonly unrealized: number;
}
