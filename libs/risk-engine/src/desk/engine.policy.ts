// The risk engine as the desk's sizing/risk policy: every entry and every
// close a strategy asks for is decided by the same RiskEngine the risk service
// hosts, on a portfolio snapshot built from the desk's book and a market state
// built from the bars. Per bar it moves its own ManualClock to the bar's
// close, feeds ATR to the volatility breaker and equity to the loss and
// drawdown breakers, and samples VaR for the run's record. Closed trades and
// broker refusals go back to the breakers; decisions and state changes go to
// the decision log as lines.
import { ManualClock, Quantity } from '@trading/domain';
import type { ClosedTrade } from '@trading/portfolio';
import { breakerTripRecord, riskDecisionRecord, stateChangeRecord } from '../decision-log';
import type { RiskLimits } from '../limits.config';
import { historicalVar } from '../measures/historical-var';
import { PortfolioView } from '../portfolio/portfolio-view';
import { RiskEngine } from '../risk-engine';
import type { OrderProposal, PortfolioSnapshot, RiskDecision, Side, StrategyStats, TradeRequest } from '../risk.types';
import type { TradingState } from '../state/trading-state';
import type { DecisionSink } from '@trading/domain';
import type { DeskBook } from './desk-book';
import { MarketStateTracker } from './market-state.tracker';
import { PortfolioSnapshotBuilder } from './portfolio-snapshot.builder';
import { RiskRunRecord } from './risk-run.record';
import type { RiskSummary } from './risk-summary';
import type { CloseDecision, CloseRequest, DeskBar, EntryFill, KillSwitchRequest, LimitsRequest, ReduceRequest, StateCause, ResumeRequest, SizingDecision, SizingPolicy, SizingRequest } from './sizing.policy';

/** Aligned closes the desk keeps by default: 500 returns, twice the default VaR's 250 observations (what a first start's warm-up reads). */
export const DESK_HISTORY_CLOSES = 501;

export interface RiskEnginePolicyOptions {
  readonly limits: RiskLimits;
  /** Receives the risk decisions and state changes (the desk's decision log). */
  readonly decisions?: DecisionSink;
  /** Aligned closes kept for the return history (default 501: 500 returns). */
  readonly historyCloses?: number;
  /** ATR period for the ATR stop and the volatility breaker (default 14). */
  readonly atrPeriod?: number;
}

/** What the policy builds on first sight of the desk's book. */
interface Tracked {
  readonly market: MarketStateTracker;
  readonly portfolio: PortfolioSnapshotBuilder;
}

export class RiskEnginePolicy implements SizingPolicy {
  readonly name = 'risk-engine';
  readonly engine: RiskEngine;
  private limits: RiskLimits;
  private readonly clock = new ManualClock(0);
  private readonly sink: DecisionSink | undefined;
  private readonly record: RiskRunRecord;
  private readonly historyCloses: number;
  private readonly atrPeriod: number;
  private tracked: Tracked | null = null;
  private lastVarTime = Number.NaN;
  private lastTime = Number.NaN;
  private readonly trades = { count: 0, wins: 0, losses: 0, won: 0, lost: 0 };

  constructor(options: RiskEnginePolicyOptions) {
    this.limits = options.limits;
    this.sink = options.decisions;
    this.historyCloses = options.historyCloses ?? DESK_HISTORY_CLOSES;
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
    const { market, portfolio } = this.track(bar.book);
    const { time, book } = bar;
    this.moveClock(time);
    const atr = market.observe(bar);
    if (atr === atr) this.engine.observeAtr(bar.symbol, atr);
    const snapshot = portfolio.build(book, time, null);
    this.engine.observePortfolio(snapshot);
    if (time !== this.lastVarTime) {
      this.lastVarTime = time;
      this.sampleVar(snapshot, market, time);
    }
  }

  size(request: SizingRequest): SizingDecision {
    const { book, time } = request;
    const { market, portfolio } = this.track(book);
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
    const decision = this.decide(signal, portfolio.build(book, time, closesFirst), market);
    const verdicts = { checks: decision.checks, equity: decision.equity, ...(decision.downsizedFrom === null ? {} : { downsizedFrom: decision.downsizedFrom }) };
    if (decision.order === null) return { quantity: Quantity.of(0), reason: `risk engine rejected: ${decision.reason}: ${decision.message}`, code: decision.reason ?? 'REJECTED', ...verdicts };
    const order = decision.order;
    return {
      ...verdicts,
      quantity: order.size,
      reason: `risk engine approved ${order.size.toString()} lots${decision.downsizedFrom === null ? '' : ` (downsized from ${decision.downsizedFrom})`}`,
      ...(order.stopPrice === null ? {} : { stopLoss: order.stopPrice }),
      ...(order.targetPrice === null ? {} : { takeProfit: order.targetPrice }),
    };
  }

  approveClose(request: CloseRequest): CloseDecision {
    const { book, signal: intent } = request;
    const { market, portfolio } = this.track(book);
    this.moveClock(request.time);
    const held = book.positionSide(intent.strategy, intent.symbol);
    const signal: TradeRequest = { id: request.decisionId, signalId: request.signalId, clientOrderId: request.clientOrderId, strategy: intent.strategy, symbol: intent.symbol, side: held > 0 ? 'SELL' : 'BUY', kind: 'exit', entryType: 'MARKET' };
    const decision = this.decide(signal, portfolio.build(book, request.time, null), market);
    return decision.order === null
      ? { approved: false, reason: `${decision.reason}: ${decision.message}`, code: decision.reason ?? 'REJECTED', checks: decision.checks }
      : { approved: true, reason: 'risk engine approved the close', checks: decision.checks };
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

  stateCause(): StateCause | null {
    const cause = this.engine.stateCause;
    return cause === null ? null : { code: cause.breaker, reason: cause.reason, since: cause.since, until: cause.until };
  }

  equityMarks(): { readonly sessionStart: string | null; readonly peak: string | null } {
    return this.engine.equityMarks;
  }

  /** The limits in force. */
  currentLimits(): RiskLimits {
    return this.limits;
  }

  /** HALTED at once: the orders that flatten every strategy's position (ids derived from the command). */
  killSwitch(request: KillSwitchRequest): readonly OrderProposal[] {
    const { market, portfolio } = this.track(request.book);
    this.moveClock(request.time);
    return this.engine.killSwitch(portfolio.build(request.book, request.time, null), market.state, request.reason, request.commandId).flattenOrders;
  }

  /** A person puts trading in REDUCING until they resume it. */
  reduce(request: ReduceRequest): void {
    this.moveClock(request.time);
    this.engine.reduce(request.reason);
  }

  /** A person lifts the latched trips; the drawdown peak restarts at today's equity. */
  resume(request: ResumeRequest): void {
    const { portfolio } = this.track(request.book);
    this.moveClock(request.time);
    this.engine.resume(portfolio.build(request.book, request.time, null), request.by);
  }

  /** New limits from the next decision on; the engine's memory (trips, peak, session) carries over. */
  setLimits(request: LimitsRequest): void {
    this.moveClock(request.time);
    this.engine.setLimits(request.limits);
    this.limits = request.limits;
    this.record.setLimits(request.limits);
    this.tracked?.portfolio.setLimits(request.limits);
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

  private decide(signal: TradeRequest, portfolio: PortfolioSnapshot, market: MarketStateTracker): RiskDecision {
    const decision = this.engine.decide({ signal, portfolio, market: market.state, history: market.history(), strategyStats: this.strategyStats() });
    this.record.decision(decision);
    this.sink?.record(riskDecisionRecord(decision, portfolio));
    return decision;
  }

  private track(book: DeskBook): Tracked {
    if (this.tracked !== null) return this.tracked;
    if (book.cash.currency !== this.limits.accountCurrency) {
      throw new RangeError(`the risk limits' accountCurrency is ${this.limits.accountCurrency} but the account is in ${book.cash.currency}`);
    }
    this.tracked = {
      market: new MarketStateTracker(book.instruments, this.historyCloses, this.atrPeriod, this.limits.breakers.staleDataMs),
      portfolio: new PortfolioSnapshotBuilder(book, this.limits),
    };
    return this.tracked;
  }

  private moveClock(time: number): void {
    if (time > this.clock.now()) this.clock.set(time);
    this.record.advance(time);
    this.lastTime = time;
  }

  /** Historical VaR of the filled positions at the limits' confidence and horizon; 0 when flat. */
  private sampleVar(portfolio: PortfolioSnapshot, market: MarketStateTracker, time: number): void {
    const equity = portfolio.equity.toNumber();
    if (portfolio.positions.length === 0) {
      this.record.valueAtRisk({ time, value: 0, fractionOfEquity: 0 });
      return;
    }
    const history = market.history();
    if (history === null || history.length < this.limits.var.minObservations) return;
    const view = new PortfolioView({ ...portfolio, openOrders: [] }, market.state, this.limits);
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
