// Builders for risk-engine tests: portfolios, positions, quotes, market state
// and signals with readable defaults. Prices given are mids; the spread is in pips.
import { clientOrderIdFor, decisionIdFor } from '@trading/contracts';
import { instrumentFor, Money, Quantity, type Quote } from '@trading/domain';
import type { MarketState, OpenOrder, PortfolioSnapshot, Position, Side, TradeRequest } from '../risk.types';

export function quoteAt(symbol: string, mid: number, time: number, spreadPips = 1): Quote {
  const half = (spreadPips * instrumentFor(symbol).pipSize) / 2;
  return { symbol, time, bid: mid - half, ask: mid + half };
}

export interface MarketOptions {
  readonly spreadPips?: number;
  /** ATR per symbol in pips (default 10). */
  readonly atrPips?: Readonly<Record<string, number>>;
  readonly quoteTime?: number;
}

export function marketAt(time: number, mids: Readonly<Record<string, number>>, options: MarketOptions = {}): MarketState {
  const quotes: Record<string, Quote> = {};
  const atr: Record<string, number> = {};
  for (const [symbol, mid] of Object.entries(mids)) {
    quotes[symbol] = quoteAt(symbol, mid, options.quoteTime ?? time, options.spreadPips ?? 1);
    atr[symbol] = (options.atrPips?.[symbol] ?? 10) * instrumentFor(symbol).pipSize;
  }
  const instruments = Object.fromEntries(Object.keys(mids).map((symbol) => [symbol, instrumentFor(symbol)]));
  return { quotes, atr, instruments };
}

export function positionOf(symbol: string, side: Side, lots: string | number, entryPrice: number, stopPrice?: number): Position {
  return { symbol, side, size: Quantity.of(lots), entryPrice, ...(stopPrice === undefined ? {} : { stopPrice }) };
}

export function openOrderOf(clientOrderId: string, symbol: string, side: Side, lots: string | number, entryPrice: number, stopPrice: number): OpenOrder {
  return { clientOrderId, symbol, side, size: Quantity.of(lots), entryPrice, stopPrice };
}

export interface PortfolioOptions {
  readonly positions?: readonly Position[];
  readonly openOrders?: readonly OpenOrder[];
  readonly peakEquity?: string | number;
  readonly currency?: string;
}

export function portfolioOf(equity: string | number, options: PortfolioOptions = {}): PortfolioSnapshot {
  const currency = options.currency ?? 'USD';
  return {
    equity: Money.of(equity, currency),
    realisedPnl: Money.zero(currency),
    unrealisedPnl: Money.zero(currency),
    peakEquity: Money.of(options.peakEquity ?? equity, currency),
    todayPnl: Money.zero(currency),
    positions: options.positions ?? [],
    openOrders: options.openOrders ?? [],
  };
}

/** A request for signal `id`; its client order id derives from it as the desk derives one from a decision. */
export function signalOf(id: string, symbol: string, side: Side, extra: Partial<TradeRequest> = {}): TradeRequest {
  return { id, clientOrderId: clientOrderIdFor(decisionIdFor(id, 'order', 0)), strategy: 'test-strategy', symbol, side, ...extra };
}
