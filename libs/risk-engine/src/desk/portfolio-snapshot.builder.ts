// The risk engine judges every decision, and its breakers every bar, on a
// PortfolioSnapshot; the desk keeps a book of record. Building one from the
// other carries state of its own (the drawdown peak, the session's opening
// equity) and a rule of its own (a reversal judged on a flat book), so it is
// kept apart from the policy that asks for it.
import { ExactDecimal, Money } from '@trading/domain';
import { sessionStart } from '../breakers/daily-loss.breaker';
import type { RiskLimits } from '../limits.config';
import type { OpenOrder, PortfolioSnapshot, Position } from '../risk.types';
import type { DeskBook } from './desk-book';

export class PortfolioSnapshotBuilder {
  private readonly symbols: readonly string[];
  private readonly initialCash: ExactDecimal;
  private peakEquity: ExactDecimal | null = null;
  private session = { start: Number.NaN, equity: new ExactDecimal(0) };

  /** `book` as the policy first sees it: its cash then is the run's starting cash. */
  constructor(
    book: DeskBook,
    private limits: RiskLimits,
  ) {
    this.symbols = book.instruments.map((instrument) => instrument.symbol);
    this.initialCash = book.cash.amount;
  }

  /** Limits in force from now on (the session reset minute may move). */
  setLimits(limits: RiskLimits): void {
    this.limits = limits;
  }

  /**
   * The account as the risk engine sees it. A reversal first closes the
   * strategy's position named by `closesFirst`: that position and the working
   * order that closes it are left out, so the opening leg is judged on a flat
   * book (as new exposure, never as reduce-only). Closing at the market leaves
   * equity unchanged.
   */
  build(book: DeskBook, time: number, closesFirst: { strategy: string; symbol: string; orderId?: string } | null): PortfolioSnapshot {
    const currency = this.limits.accountCurrency;
    const equity = new ExactDecimal(book.equity().toFixed(2));
    if (this.peakEquity === null || equity.greaterThan(this.peakEquity)) this.peakEquity = equity;
    const start = sessionStart(time, this.limits.breakers.sessionResetUtcMinute);
    if (start !== this.session.start) this.session = { start, equity };
    const cash = book.cash.amount;
    const ledger = book.ledger;
    const skipped = closesFirst === null ? -1 : book.position(closesFirst.strategy, closesFirst.symbol);
    const positions: Position[] = [];
    const openOrders: OpenOrder[] = [];
    for (let slot = 0; slot < this.symbols.length; slot++) {
      const symbol = this.symbols[slot];
      for (const index of ledger.positionsOf(slot)) {
        const held = ledger.sideAt(index);
        if (held === 0 || index === skipped) continue;
        const stop = book.stopOf(index);
        positions.push({ symbol, side: held > 0 ? 'BUY' : 'SELL', size: ledger.quantityAt(index), entryPrice: ledger.entryAt(index), strategy: ledger.strategyAt(index), ...(stop === stop ? { stopPrice: stop } : {}) });
      }
      for (const order of book.workingOrders(slot)) {
        if (order.id === closesFirst?.orderId) continue;
        openOrders.push({
          clientOrderId: order.id,
          symbol,
          side: order.side === 'buy' ? 'BUY' : 'SELL',
          size: order.quantity,
          strategy: order.strategy,
          ...(order.price === undefined ? {} : { entryPrice: order.price }),
          ...(order.stopLoss === undefined ? {} : { stopPrice: order.stopLoss }),
        });
      }
    }
    return {
      equity: Money.of(equity, currency),
      realisedPnl: Money.of(cash.minus(this.initialCash), currency),
      unrealisedPnl: Money.of(equity.minus(cash), currency),
      peakEquity: Money.of(this.peakEquity, currency),
      todayPnl: Money.of(equity.minus(this.session.equity), currency),
      positions,
      openOrders,
    };
  }
}
