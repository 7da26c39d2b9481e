// What a sizing or risk policy may see of the paper account and the bar stream:
// read-only, so a policy can follow positions, working orders, prices and
// spreads without being able to trade behind the backtest's back.
import type { BarColumns, Instrument, Money, Quantity } from '@trading/domain';
import type { StrategySignal } from '@trading/strategies';
import type { Order } from '../broker/order';

/** The paper broker as a policy sees it (PaperBroker implements it). */
export interface AccountView {
  /** One slot per instrument, in the run's order. */
  readonly instruments: readonly Instrument[];
  /** Booked cash in the account currency. */
  readonly cash: Money;
  /** Booked cash plus open P&L at the last bars (floating point). */
  equity(): number;
  /** 1 long, -1 short, 0 flat. */
  positionSide(slot: number): number;
  /** Lots held (unsigned; the side says which way). */
  position(slot: number): Quantity;
  /** Average entry price of the open position (0 when flat). */
  averageEntry(slot: number): number;
  /** Brackets of the open position, NaN when absent. */
  brackets(slot: number): { stopLoss: number; takeProfit: number; trailingStop: number };
  /** Close of the slot's latest bar (a bid), NaN before the first bar. */
  lastPrice(slot: number): number;
  /** Spread of the slot's latest bar in price units, as the fill model charges it. */
  currentSpread(slot: number): number;
  /** Orders submitted and not yet filled. */
  openOrders(slot: number): readonly Order[];
}

/** A bar the broker has just worked, as the clock reaches its close. */
export interface PolicyBar {
  readonly slot: number;
  readonly bars: BarColumns;
  readonly index: number;
  /** The bar's close time (the clock), UTC ms. */
  readonly time: number;
  readonly account: AccountView;
}

/** A flat signal wants the slot's position closed. */
export interface PolicyClose {
  readonly signal: StrategySignal;
  readonly slot: number;
  readonly time: number;
  /** Lots to close. */
  readonly quantity: Quantity;
  readonly account: AccountView;
}

export interface PolicyCloseDecision {
  readonly approved: boolean;
  readonly reason: string;
}
