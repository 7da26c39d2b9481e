// The risk engine as the desk's sizing/risk policy: every entry and every
// close a strategy asks for is decided by the same RiskEngine the risk service
// hosts, on a portfolio snapshot built from the desk's book and a market
// state built from the bars. Per bar it moves its own ManualClock to the bar's
// close, quotes the symbol (bid = close, ask = close + the fill model's spread,
// as the paper broker fills), feeds ATR(14) to the volatility breaker, equity
// to the loss and drawdown breakers, and keeps the last 500 aligned closes as
// the return history. Closed trades and broker refusals go back to the
// breakers; decisions and state changes go to the decision log as lines.
import { ExactDecimal, ManualClock, Money, Quantity, isWeekendGap, type Instrument, type Quote } from '@trading/domain';
import { Atr } from '@trading/indicators';
import type { ClosedTrade } from '@trading/portfolio';
import { sessionStart } from '../breakers/daily-loss.breaker';
import { breakerTripRecord, riskDecisionRecord, stateChangeRecord } from '../decision-log';
import type { RiskLimits } from '../limits.config';
import { historicalVar } from '../measures/historical-var';
import { PortfolioView } from '../portfolio/portfolio-view';
import { RiskEngine } from '../risk-engine';
import type { MarketState, OpenOrder, OrderProposal, PortfolioSnapshot, Position, RiskDecision, Side, StrategyStats, TradeRequest } from '../risk.types';
import type { TradingState } from '../state/trading-state';
import { AlignedClosesWindow } from './aligned-closes.window';
import type { DecisionSink } from '@trading/domain';
import type { DeskBook } from './desk-book';
import { RiskRunRecord } from './risk-run.record';
import type { RiskSummary } from './risk-summary';
import { GapWindow } from './gap-window';
import type { CloseDecision, CloseRequest, DeskBar, EntryFill, KillSwitchRequest, ReduceRequest, ResumeRequest, SizingDecision, SizingPolicy, SizingRequest } from './sizing.policy';

export interface RiskEnginePolicyOptions {
  readonly limits: RiskLimits;
  /** Receives the risk decisions and state changes (the desk's decision log). */
  readonly decisions?: DecisionSink;
  /** Aligned closes kept for the return history (default 501: 500 returns). */
  readonly historyCloses?: number;
  /** ATR period for the ATR stop and the volatility breaker (default 14). */
  readonly atrPeriod?: number;
}

interface Tracked {
  readonly symbols: string[];
  readonly atr: Atr[];
  readonly window: AlignedClosesWindow;
  readonly initialCash: ExactDecimal;
}

export class RiskEnginePolicy implements SizingPolicy {
  readonly name = 'risk-engine';
  readonly engine: RiskEngine;
  private readonly limits: RiskLimits;
  private readonly clock = new ManualClock(0);
  private readonly sink: DecisionSink | undefined;
  private readonly record: RiskRunRecord;
  private readonly historyCloses: number;
  private readonly atrPeriod: number;
  private tracked: Tracked | null = null;
  private readonly quotes: Record<string, Quote> = {};
  private readonly atrBySymbol: Record<string, number> = {};
  private readonly lastBarTime: Record<string, number> = {};
  private readonly instruments: Record<string, Instrument> = {};
  /** Expected slippage plus the typical next-open gap, per symbol: what a market entry adds to the quote. */
  private readonly entryCost: Record<string, number> = {};
  private readonly gaps: Record<string, GapWindow> = {};
  private readonly silent: Record<string, number> = {};
  private readonly market: MarketState = { quotes: this.quotes, atr: this.atrBySymbol, instruments: this.instruments, lastBarTime: this.lastBarTime, expectedEntryCost: this.entryCost, silentMs: this.silent };
  private peakEquity: ExactDecimal | null = null;
  private session = { start: Number.NaN, equity: new ExactDecimal(0) };
  private lastVarTime = Number.NaN;
  private lastTime = Number.NaN;
  private readonly trades = { count: 0, wins: 0, losses: 0, won: 0, lost: 0 };

  constructor(options: RiskEnginePolicyOptions) {
    this.limits = options.limits;
    this.sink = options.decisions;
    this.historyCloses = options.historyCloses ?? 501;
    this.atrPeriod = options.atrPeriod ?? 14;
    this.record = new RiskRunRecord(this.limits);
    this.engine = new RiskEngine({
      clock: this.clock,
      limits: this.limits,
      onTransition: (transition) => {
        this.record.transition(transition);
        this.sink?.record(stateChangeRecord(transition));
      },
      onTrip: (trip) => this.sink?.record(breakerTripRecord(trip, this.clock.now())),
    });
  }

  observeBar(bar: DeskBar): void {
    const tracked = this.track(bar.book);
    const { slot, time, book, close } = bar;
    this.moveClock(time);
    const symbol = bar.symbol;
    this.quotes[symbol] = { symbol, time, bid: close, ask: close + book.spread(slot) };
    // Silence before this bar: the time since the previous one beyond this bar's interval, weekends aside.
    const previous = this.lastBarTime[symbol];
    const interval = time - bar.barTime;
    this.silent[symbol] = previous === undefined || isWeekendGap(previous, bar.barTime, interval) ? 0 : Math.max(0, bar.barTime - previous - interval);
    this.lastBarTime[symbol] = bar.barTime;
    const gaps = (this.gaps[symbol] ??= new GapWindow());
    gaps.push(bar.open, close);
    this.entryCost[symbol] = bar.slippage + gaps.mean;
    tracked.window.push(slot, time, close);
    const atr = tracked.atr[slot].update(bar.high, bar.low, close);
    if (atr === atr) {
      this.atrBySymbol[symbol] = atr;
      this.engine.observeAtr(symbol, atr);
    }
    const portfolio = this.snapshot(book, time, null);
    this.engine.observePortfolio(portfolio);
    if (time !== this.lastVarTime) {
      this.lastVarTime = time;
      this.sampleVar(portfolio, time);
    }
  }

  size(request: SizingRequest): SizingDecision {
    const { book, time } = request;
    this.track(book);
    this.moveClock(time);
    const side: Side = request.signal.side === 'buy' ? 'BUY' : 'SELL';
    const signal: TradeRequest = {
      id: request.decisionId,
      signalId: request.signalId,
      clientOrderId: request.clientOrderId,
      strategy: request.signal.strategy,
      symbol: request.signal.symbol,
      side,
      kind: 'entry',
      entryType: 'MARKET',
      // The strategy's confidence scales the size (sizing.confidence).
      probability: request.signal.confidence,
      ...(request.signal.stopLoss === undefined ? {} : { stopPrice: request.signal.stopLoss }),
      ...(request.signal.takeProfit === undefined ? {} : { targetPrice: request.signal.takeProfit }),
    };
    const closesFirst = request.closing.isZero() ? null : { strategy: request.signal.strategy, symbol: request.signal.symbol, orderId: request.closingOrderId };
    const decision = this.decide(signal, this.snapshot(book, time, closesFirst));
    if (decision.order === null) return { quantity: Quantity.of(0), reason: `risk engine rejected: ${decision.reason}: ${decision.message}`, code: decision.reason ?? 'REJECTED' };
    const order = decision.order;
    return {
      quantity: order.size,
      reason: `risk engine approved ${order.size.toString()} lots${decision.downsizedFrom === null ? '' : ` (downsized from ${decision.downsizedFrom})`}`,
      ...(order.stopPrice === null ? {} : { stopLoss: order.stopPrice }),
      ...(order.targetPrice === null ? {} : { takeProfit: order.targetPrice }),
    };
  }

  approveClose(request: CloseRequest): CloseDecision {
    const { book, signal: intent } = request;
    this.track(book);
    this.moveClock(request.time);
    const held = book.positionSide(intent.strategy, intent.symbol);
    const signal: TradeRequest = { id: request.decisionId, signalId: request.signalId, clientOrderId: request.clientOrderId, strategy: intent.strategy, symbol: intent.symbol, side: held > 0 ? 'SELL' : 'BUY', kind: 'exit', entryType: 'MARKET' };
    const decision = this.decide(signal, this.snapshot(book, request.time, null));
    return decision.order === null ? { approved: false, reason: `${decision.reason}: ${decision.message}`, code: decision.reason ?? 'REJECTED' } : { approved: true, reason: 'risk engine approved the close' };
  }

  /**
   * The risk an entry really took: from its fill price to its stop, against
   * maxRiskPerTrade of equity now. Logged for every entry with a stop; a fill
   * over the limit (a gap, slippage) is a breach the summary counts.
   */
  onEntryFilled(fill: EntryFill): void {
    this.moveClock(fill.time);
    const { book } = fill;
    const slot = book.slotOf(fill.symbol);
    const instrument = book.instruments[slot];
    const risk = Math.abs(fill.price - fill.stopLoss) * fill.lots * instrument.contractSize * book.ledger.rateFloat(slot, fill.price);
    const limit = book.equity() * this.limits.maxRiskPerTrade;
    const ratio = limit > 0 ? risk / limit : Number.POSITIVE_INFINITY;
    const breach = Math.round(risk * 100) > Math.round(limit * 100);
    this.record.fillRisk(ratio, breach);
    this.sink?.record({
      event: 'fill-risk',
      time: this.clock.now(),
      strategy: fill.strategy,
      symbol: fill.symbol,
      orderId: fill.orderId,
      lots: Number(fill.lots.toFixed(2)),
      price: fill.price,
      stopLoss: fill.stopLoss,
      risk: round2(risk),
      limit: round2(limit),
      ratio: round6(ratio),
      breach,
    });
  }

  tradingState(): TradingState {
    return this.engine.state;
  }

  /** HALTED at once: the orders that flatten every strategy's position (ids derived from the command). */
  killSwitch(request: KillSwitchRequest): readonly OrderProposal[] {
    this.track(request.book);
    this.moveClock(request.time);
    return this.engine.killSwitch(this.snapshot(request.book, request.time, null), this.market, request.reason, request.commandId).flattenOrders;
  }

  /** A person puts trading in REDUCING until they resume it. */
  reduce(request: ReduceRequest): void {
    this.moveClock(request.time);
    this.engine.reduce(request.reason);
  }

  /** A person lifts the latched trips; the drawdown peak restarts at today's equity. */
  resume(request: ResumeRequest): void {
    this.track(request.book);
    this.moveClock(request.time);
    this.engine.resume(this.snapshot(request.book, request.time, null), request.by);
  }

  onTradeClosed(trade: ClosedTrade, time: number): void {
    this.moveClock(time);
    const pnl = trade.netPnl;
    const t = this.trades;
    t.count++;
    if (pnl.amount.isPositive() && !pnl.isZero()) {
      t.wins++;
      t.won += pnl.toNumber();
    } else if (!pnl.isZero()) {
      t.losses++;
      t.lost -= pnl.toNumber();
    }
    this.engine.recordTradeResult(pnl);
  }

  onOrderRejected(message: string, time: number): void {
    this.moveClock(time);
    this.engine.recordBrokerRejection(message);
  }

  riskSummary(): RiskSummary {
    if (this.lastTime === this.lastTime) this.record.advance(this.lastTime);
    return this.record.summary();
  }

  settings(): Readonly<Record<string, unknown>> {
    return this.limits as unknown as Readonly<Record<string, unknown>>;
  }

  describe(): Readonly<Record<string, string | number>> {
    const l = this.limits;
    return {
      policy: this.name,
      riskPerTrade: l.sizing.riskPerTrade,
      maxRiskPerTrade: l.maxRiskPerTrade,
      maxOpenRisk: l.maxOpenRisk,
      maxPositionLots: l.maxPositionLots,
      maxGrossLeverage: l.maxGrossLeverage,
      maxCurrencyLeverage: l.maxCurrencyLeverage,
      correlationThreshold: l.correlation.threshold,
      varMaxFractionOfEquity: l.var.maxFractionOfEquity,
      dailyLoss: l.breakers.dailyLoss,
      maxDrawdown: l.breakers.maxDrawdown,
    };
  }

  private decide(signal: TradeRequest, portfolio: PortfolioSnapshot): RiskDecision {
    const decision = this.engine.decide({ signal, portfolio, market: this.market, history: this.tracked?.window.history() ?? null, strategyStats: this.strategyStats() });
    this.record.decision(decision);
    this.sink?.record(riskDecisionRecord(decision, portfolio));
    return decision;
  }

  private track(book: DeskBook): Tracked {
    if (this.tracked !== null) return this.tracked;
    if (book.cash.currency !== this.limits.accountCurrency) {
      throw new RangeError(`the risk limits' accountCurrency is ${this.limits.accountCurrency} but the account is in ${book.cash.currency}`);
    }
    const symbols = book.instruments.map((instrument) => instrument.symbol);
    for (const instrument of book.instruments) this.instruments[instrument.symbol] = instrument;
    this.tracked = {
      symbols,
      atr: symbols.map(() => new Atr(this.atrPeriod)),
      window: new AlignedClosesWindow(symbols, this.historyCloses),
      initialCash: book.cash.amount,
    };
    return this.tracked;
  }

  private moveClock(time: number): void {
    if (time > this.clock.now()) this.clock.set(time);
    this.record.advance(time);
    this.lastTime = time;
  }

  /**
   * The account as the risk engine sees it. A reversal first closes the
   * strategy's position named by `closesFirst`: that position and the working
   * order that closes it are left out, so the opening leg is judged on a flat
   * book (as new exposure, never as reduce-only). Closing at the market leaves
   * equity unchanged.
   */
  private snapshot(book: DeskBook, time: number, closesFirst: { strategy: string; symbol: string; orderId?: string } | null): PortfolioSnapshot {
    const tracked = this.tracked as Tracked;
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
    for (let slot = 0; slot < tracked.symbols.length; slot++) {
      const symbol = tracked.symbols[slot];
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
      realisedPnl: Money.of(cash.minus(tracked.initialCash), currency),
      unrealisedPnl: Money.of(equity.minus(cash), currency),
      peakEquity: Money.of(this.peakEquity, currency),
      todayPnl: Money.of(equity.minus(this.session.equity), currency),
      positions,
      openOrders,
    };
  }

  /** Historical VaR of the filled positions at the limits' confidence and horizon; 0 when flat. */
  private sampleVar(portfolio: PortfolioSnapshot, time: number): void {
    const equity = portfolio.equity.toNumber();
    if (portfolio.positions.length === 0) {
      this.record.valueAtRisk({ time, value: 0, fractionOfEquity: 0 });
      return;
    }
    const history = this.tracked?.window.history() ?? null;
    if (history === null || history.length < this.limits.var.minObservations) return;
    const view = new PortfolioView({ ...portfolio, openOrders: [] }, this.market, this.limits);
    const weights = new Float64Array(history.symbols.length);
    for (const book of view.books.values()) {
      const index = history.indexOf(book.symbol);
      const notional = view.notional(book, book.positionUnits);
      if (index < 0 || !Number.isFinite(notional)) return;
      weights[index] = notional;
    }
    const value = historicalVar(history, weights, this.limits.var).valueAtRisk;
    this.record.valueAtRisk({ time, value: round2(value), fractionOfEquity: equity > 0 ? round6(value / equity) : 0 });
  }

  private strategyStats(): StrategyStats | undefined {
    const t = this.trades;
    if (t.wins === 0 || t.losses === 0) return undefined;
    return { trades: t.count, winRate: t.wins / t.count, payoffRatio: t.won / t.wins / (t.lost / t.losses) };
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
