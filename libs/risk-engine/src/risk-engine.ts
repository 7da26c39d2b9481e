// The risk engine: sizes a signal, runs every pre-trade rule on it, and answers
// with an approved order or a rejection, recording every rule's verdict. It
// also hosts the circuit breakers and the kill switch, which move the trading
// state. Pure: time from the injected clock, all memory plain JSON data.
//
// Downsizing: every rule sees the sized order first. If one rule denies, the
// decision is rejected (its reason is the first denial's). If none denies but a
// rule proposes a smaller size (the VaR limit), the order shrinks to the
// smallest proposal and every size-dependent rule is checked again on it; the
// decision keeps the size-independent verdicts of the first pass and the
// re-checked ones, and is rejected if any re-check denies or shrinks again.
import { clientOrderIdFor, derivedId } from '@trading/contracts';
import { Quantity, type Clock, type Money } from '@trading/domain';
import { clearTrip, expireTrips, trip } from './breakers/breaker-trips';
import { recordBrokerRejection } from './breakers/broker-rejections.breaker';
import { recordTradeResult } from './breakers/consecutive-losses.breaker';
import { checkDailyLoss } from './breakers/daily-loss.breaker';
import { checkDrawdown, rebasePeak } from './breakers/drawdown.breaker';
import { recordAtr } from './breakers/volatility-spike.breaker';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from './limits.config';
import type { ReturnHistory } from './measures/return-history';
import { lotUnits, PortfolioView, sideSign, unitsToLots } from './portfolio/portfolio-view';
import type { MarketState, OrderProposal, PortfolioSnapshot, RiskDecision, RuleVerdict, SizingExplanation, StrategyStats, TradeRequest } from './risk.types';
import { DEFAULT_RISK_RULES } from './rules';
import type { RiskRule, RuleContext, RuleScratch } from './rules/risk-rule';
import { sizePosition } from './sizing/position-sizer';
import { initialRiskMemory, MAX_REMEMBERED_TRANSITIONS, parseRiskMemory, type RiskMemory } from './state/risk-memory';
import { type BreakerTrip, effectiveState, type StateTransition, type TradingState } from './state/trading-state';

export interface RiskEngineOptions {
  readonly clock: Clock;
  readonly limits?: RiskLimits;
  readonly rules?: readonly RiskRule[];
  /** Memory from `snapshot()` of an earlier engine, to continue exactly where it stopped. */
  readonly memory?: unknown;
  /** Called with every state transition as it happens (memory keeps only the latest ones). */
  readonly onTransition?: (transition: StateTransition) => void;
  /** Called with every new breaker trip (the kill switch included), also when the state does not change. */
  readonly onTrip?: (trip: BreakerTrip) => void;
}

/**
 * The risk/sizing port a backtest or the risk service calls for each signal:
 * signal + portfolio snapshot + market state (+ return history) → decision.
 */
export type RiskPort = (input: DecisionInput) => RiskDecision;

/** Everything one decision looks at. */
export interface DecisionInput {
  readonly signal: TradeRequest;
  readonly portfolio: PortfolioSnapshot;
  readonly market: MarketState;
  readonly history?: ReturnHistory | null;
  readonly strategyStats?: StrategyStats;
}

export interface KillSwitchResult {
  readonly transition: StateTransition | null;
  /** Market orders that close every position. */
  readonly flattenOrders: readonly OrderProposal[];
  /** Working orders to cancel. */
  readonly cancelClientOrderIds: readonly string[];
}

type Proposal = { ok: true; order: OrderProposal; sizing: SizingExplanation | null } | { ok: false; reason: string; message: string; sizing: SizingExplanation | null };

export class RiskEngine {
  private currentLimits: RiskLimits;
  readonly rules: readonly RiskRule[];
  private readonly clock: Clock;
  private readonly memory: RiskMemory;
  private readonly seenSignalIds = new Set<string>();
  private readonly onTransition: ((transition: StateTransition) => void) | undefined;
  private readonly onTrip: ((trip: BreakerTrip) => void) | undefined;
  /** Trips already announced, as breaker and start time. */
  private readonly announcedTrips = new Set<string>();
  private scratch: RuleScratch = { weights: new Float64Array(0), losses: new Float64Array(0) };

  constructor(options: RiskEngineOptions) {
    this.clock = options.clock;
    this.currentLimits = options.limits ?? DEFAULT_RISK_LIMITS;
    this.rules = options.rules ?? DEFAULT_RISK_RULES;
    const codes = new Set<string>();
    for (const rule of this.rules) {
      if (codes.has(rule.code)) throw new RangeError(`two risk rules share the code ${rule.code}`);
      codes.add(rule.code);
    }
    this.memory = options.memory === undefined ? initialRiskMemory() : parseRiskMemory(options.memory);
    for (const seen of this.memory.recentSignals) this.seenSignalIds.add(seen.id);
    this.onTransition = options.onTransition;
    this.onTrip = options.onTrip;
    for (const known of this.memory.trips) this.announcedTrips.add(tripKey(known));
  }

  get limits(): RiskLimits {
    return this.currentLimits;
  }

  /**
   * New limits from the next decision on (an operator's set-limits). The
   * memory (trips, session, peak, recent orders) carries over: a breaker that
   * tripped under the old limits stays tripped until it clears by its rule.
   */
  setLimits(limits: RiskLimits): void {
    if (limits.accountCurrency !== this.currentLimits.accountCurrency) {
      throw new RangeError(`accountCurrency: cannot change from ${this.currentLimits.accountCurrency} to ${limits.accountCurrency} on a running account`);
    }
    this.currentLimits = limits;
  }

  get state(): TradingState {
    return this.memory.state;
  }

  /** The trip that demands the current state (null when ACTIVE). */
  get stateCause(): BreakerTrip | null {
    return effectiveState(this.memory.trips).cause;
  }

  /** Equity at the start of the trading session and its peak, exact decimal text (null before the first portfolio). */
  get equityMarks(): { readonly sessionStart: string | null; readonly peak: string | null } {
    return { sessionStart: this.memory.session?.startEquity ?? null, peak: this.memory.peakEquity };
  }

  /** Latest transitions (up to MAX_REMEMBERED_TRANSITIONS), oldest first. */
  get transitions(): readonly StateTransition[] {
    return this.memory.transitions;
  }

  /** A deep copy of the memory, plain JSON: persist it, pass it back as `memory` to continue. */
  snapshot(): RiskMemory {
    return structuredClone(this.memory);
  }

  decide(input: DecisionInput): RiskDecision {
    const time = this.clock.now();
    this.housekeeping(time);
    this.applyPortfolio(input.portfolio, time);
    const state = this.memory.state;
    const { signal, portfolio, market } = input;
    const history = input.history ?? null;
    const view = new PortfolioView(portfolio, market, this.limits);
    const proposal = this.propose(input, view);
    const base = { time, symbol: signal.symbol, signalId: signal.signalId ?? signal.id, strategy: signal.strategy, side: signal.side, state, equity: view.equity.toFixed() };
    if (!proposal.ok) {
      this.rememberSignal(signal, time, false);
      return { ...base, decision: 'rejected', reason: proposal.reason, message: proposal.message, size: '0', order: null, proposed: null, sizing: proposal.sizing, downsizedFrom: null, checks: [] };
    }

    this.prepareScratch(history);
    let order = proposal.order;
    let context = this.context(input, view, history, state, order, time);
    let checks = this.rules.map((rule) => rule.check(context));
    let denial = checks.find((v): v is Extract<RuleVerdict, { pass: false }> => !v.pass);
    let downsizedFrom: string | null = null;
    if (!denial) {
      const target = smallestDownsize(checks);
      if (target !== null) {
        downsizedFrom = order.size.toString();
        // A smaller order may no longer flip the position: it can become reduce-only.
        order = { ...order, size: target, reduceOnly: isReduceOnly(view.book(order.symbol).positionUnits, sideSign(order.side) * lotUnits(target)) };
        context = this.context(input, view, history, state, order, time);
        const recheck = checks.map((verdict, i) => (this.rules[i].sizeDependent ? this.rules[i].check(context) : verdict));
        checks = recheck;
        denial = checks.find((v): v is Extract<RuleVerdict, { pass: false }> => !v.pass);
        const again = checks.find((v) => 'downsizeTo' in v);
        if (!denial && again) denial = { code: again.code, pass: false, reason: again.code, message: `${again.code} asked to shrink the order again: ${again.detail}` };
      }
    }
    if (denial) {
      this.rememberSignal(signal, time, false);
      return { ...base, decision: 'rejected', reason: denial.reason, message: denial.message, size: order.size.toString(), order: null, proposed: proposal.order, sizing: proposal.sizing, downsizedFrom, checks };
    }
    this.rememberSignal(signal, time, true);
    if (!order.reduceOnly) this.rememberEntry(signal, time);
    this.rememberOrder(signal.strategy, time);
    return { ...base, decision: 'approved', reason: null, message: null, size: order.size.toString(), order, proposed: proposal.order, sizing: proposal.sizing, downsizedFrom, checks };
  }

  /** This engine as a RiskPort (bound `decide`). */
  port(): RiskPort {
    return (input) => this.decide(input);
  }

  /** Feeds equity to the daily-loss and drawdown breakers (decide does this too). */
  observePortfolio(portfolio: PortfolioSnapshot): TradingState {
    const time = this.clock.now();
    this.housekeeping(time);
    this.applyPortfolio(portfolio, time);
    return this.memory.state;
  }

  /** A new bar's ATR for `symbol`: feeds the volatility-spike breaker. */
  observeAtr(symbol: string, atr: number): TradingState {
    const time = this.clock.now();
    this.housekeeping(time);
    recordAtr(this.memory, symbol, atr, time, this.limits);
    this.syncState(time, `volatility of ${symbol} back under the threshold`);
    return this.memory.state;
  }

  /** A closed trade's realised P&L: feeds the consecutive-losses breaker. */
  recordTradeResult(pnl: Money): TradingState {
    const time = this.clock.now();
    this.housekeeping(time);
    recordTradeResult(this.memory, pnl, time, this.limits);
    this.syncState(time, 'trade result');
    return this.memory.state;
  }

  /** The broker rejected an order: feeds the rejection-burst breaker. */
  recordBrokerRejection(detail: string): TradingState {
    const time = this.clock.now();
    this.housekeeping(time);
    recordBrokerRejection(this.memory, time, detail, this.limits);
    this.syncState(time, 'broker rejection');
    return this.memory.state;
  }

  /**
   * HALTED at once, with market orders that flatten every position and the
   * working orders to cancel. The flattening orders' ids derive from
   * `commandId`, the id of the command that pressed the switch.
   */
  killSwitch(portfolio: PortfolioSnapshot, market: MarketState, reason: string, commandId?: string): KillSwitchResult {
    const time = this.clock.now();
    const cause = commandId ?? `kill:${time}`;
    this.housekeeping(time);
    trip(this.memory, { breaker: 'KILL_SWITCH', state: 'HALTED', reason: `kill switch: ${reason}`, since: time, until: null, latched: true });
    const transition = this.syncState(time, 'kill switch');
    // One flattening order per position owner: each strategy's position closes as its own deal.
    const held = new Map<string, { strategy: string; symbol: string; units: number }>();
    for (const position of portfolio.positions) {
      const strategy = position.strategy ?? '';
      const key = `${position.symbol}\u0000${strategy}`;
      const entry = held.get(key) ?? { strategy, symbol: position.symbol, units: 0 };
      entry.units += sideSign(position.side) * lotUnits(position.size);
      held.set(key, entry);
    }
    const flattenOrders: OrderProposal[] = [];
    for (const key of [...held.keys()].sort()) {
      const { strategy, symbol, units } = held.get(key) as { strategy: string; symbol: string; units: number };
      if (units === 0) continue;
      const side = units < 0 ? 'BUY' : 'SELL';
      const quote = market.quotes[symbol];
      const owner = strategy === '' ? '' : `${strategy}/`;
      flattenOrders.push({
        clientOrderId: clientOrderIdFor(derivedId(cause, `risk/flatten/${owner}${symbol}`, time)),
        signalId: cause,
        strategy: strategy === '' ? 'risk' : strategy,
        symbol,
        side,
        size: Quantity.of(unitsToLots(Math.abs(units))),
        entryType: 'MARKET',
        entryPrice: quote ? (side === 'BUY' ? quote.ask : quote.bid) : null,
        stopPrice: null,
        targetPrice: null,
        reduceOnly: true,
      });
    }
    return { transition, flattenOrders, cancelClientOrderIds: portfolio.openOrders.map((o) => o.clientOrderId) };
  }

  /** A person puts trading in REDUCING (only closing or shrinking orders) until they resume it. */
  reduce(reason: string): StateTransition | null {
    const time = this.clock.now();
    this.housekeeping(time);
    trip(this.memory, { breaker: 'MANUAL_REDUCE', state: 'REDUCING', reason: `reduce only: ${reason}`, since: time, until: null, latched: true });
    return this.syncState(time, 'reduce only');
  }

  /**
   * A person lifts the latched trips (kill switch, drawdown, rejection burst);
   * timed trips (daily loss, cooldown) and a live volatility spike stay. The
   * drawdown peak is re-based at the current equity.
   */
  resume(portfolio: PortfolioSnapshot, by: string): StateTransition | null {
    const time = this.clock.now();
    this.housekeeping(time);
    for (const latched of this.memory.trips.filter((t) => t.latched)) clearTrip(this.memory, latched.breaker);
    rebasePeak(this.memory, portfolio.equity.amount);
    return this.syncState(time, `resumed by ${by}`);
  }

  private propose(input: DecisionInput, view: PortfolioView): Proposal {
    const { signal, market } = input;
    const clientOrderId = signal.clientOrderId;
    if (signal.kind === 'exit') {
      // The strategy's own position: another strategy's on the same symbol is not its to close.
      const held = view.heldUnits(signal.strategy, signal.symbol);
      if (held === 0) return { ok: false, reason: 'NO_POSITION', message: `exit signal ${signal.id}: ${signal.strategy} holds no ${signal.symbol} position to close`, sizing: null };
      const closingSide = held < 0 ? 'BUY' : 'SELL';
      if (signal.side !== closingSide) {
        return { ok: false, reason: 'INVALID_SIGNAL', message: `exit signal ${signal.id} is ${signal.side} but closing the ${signal.symbol} position needs ${closingSide}`, sizing: null };
      }
      const quote = market.quotes[signal.symbol];
      return {
        ok: true,
        sizing: null,
        order: {
          clientOrderId,
          signalId: signal.id,
          strategy: signal.strategy,
          symbol: signal.symbol,
          side: closingSide,
          size: Quantity.of(unitsToLots(Math.abs(held))),
          entryType: 'MARKET',
          entryPrice: quote ? (closingSide === 'BUY' ? quote.ask : quote.bid) : null,
          stopPrice: null,
          targetPrice: null,
          reduceOnly: true,
        },
      };
    }
    const sized = sizePosition(signal, view, market, this.limits, input.strategyStats);
    if (!sized.ok) return { ok: false, reason: sized.reason, message: sized.message, sizing: sized.explanation ?? null };
    const book = view.book(signal.symbol);
    const signed = sideSign(signal.side) * lotUnits(sized.lots);
    const reduceOnly = isReduceOnly(book.positionUnits, signed);
    return {
      ok: true,
      sizing: sized.explanation,
      order: {
        clientOrderId,
        signalId: signal.id,
        strategy: signal.strategy,
        symbol: signal.symbol,
        side: signal.side,
        size: sized.lots,
        entryType: signal.entryType ?? 'MARKET',
        entryPrice: sized.entryPrice,
        stopPrice: sized.stopPrice,
        targetPrice: signal.targetPrice ?? null,
        reduceOnly,
      },
    };
  }

  private context(input: DecisionInput, view: PortfolioView, history: ReturnHistory | null, state: TradingState, order: OrderProposal, time: number): RuleContext {
    const book = view.book(order.symbol);
    return {
      time,
      signal: input.signal,
      order,
      signedUnits: sideSign(order.side) * lotUnits(order.size),
      book,
      instrument: book.instrument,
      portfolio: input.portfolio,
      view,
      market: input.market,
      history,
      limits: this.limits,
      state,
      memory: this.memory,
      seenSignalIds: this.seenSignalIds,
      scratch: this.scratch,
    };
  }

  private prepareScratch(history: ReturnHistory | null): void {
    if (!history) return;
    if (this.scratch.weights.length !== history.symbols.length) this.scratch.weights = new Float64Array(history.symbols.length);
    if (this.scratch.losses.length < history.length) this.scratch.losses = new Float64Array(history.length);
  }

  private applyPortfolio(portfolio: PortfolioSnapshot, time: number): void {
    const equity = portfolio.equity.amount;
    checkDailyLoss(this.memory, equity, time, this.limits);
    checkDrawdown(this.memory, equity, portfolio.peakEquity.amount, time, this.limits);
    this.syncState(time, 'new trading session');
  }

  private housekeeping(time: number): void {
    const expired = expireTrips(this.memory, time);
    if (expired.length > 0) this.syncState(time, `${expired.join(', ')} expired`);
  }

  private syncState(time: number, clearingReason: string): StateTransition | null {
    this.announceTrips();
    const { state, cause } = effectiveState(this.memory.trips);
    const from = this.memory.state;
    if (state === from) return null;
    const escalation = cause !== null && (from === 'ACTIVE' || state === 'HALTED');
    const reason = escalation ? `${cause.breaker}: ${cause.reason}` : cause ? `${clearingReason}; still ${state}: ${cause.breaker}: ${cause.reason}` : clearingReason;
    const transition: StateTransition = { from, to: state, reason, time };
    this.memory.state = state;
    this.memory.transitions.push(transition);
    if (this.memory.transitions.length > MAX_REMEMBERED_TRANSITIONS) this.memory.transitions.splice(0, this.memory.transitions.length - MAX_REMEMBERED_TRANSITIONS);
    this.onTransition?.(transition);
    return transition;
  }

  /** Tells of trips not told of yet, and forgets those that ended. */
  private announceTrips(): void {
    const live = new Set<string>();
    for (const active of this.memory.trips) {
      const key = tripKey(active);
      live.add(key);
      if (!this.announcedTrips.has(key)) {
        this.announcedTrips.add(key);
        this.onTrip?.(active);
      }
    }
    for (const key of this.announcedTrips) if (!live.has(key)) this.announcedTrips.delete(key);
  }

  private rememberSignal(signal: TradeRequest, time: number, approved: boolean): void {
    if (this.seenSignalIds.has(signal.id)) return;
    const recent = this.memory.recentSignals;
    recent.push({ id: signal.id, strategy: signal.strategy, symbol: signal.symbol, side: signal.side, time, approved });
    this.seenSignalIds.add(signal.id);
    while (recent.length > this.limits.duplicate.rememberIds) {
      const dropped = recent.shift();
      if (dropped) this.seenSignalIds.delete(dropped.id);
    }
  }

  /** An approved entry opens the same-side window of duplicate.windowMs, whatever duplicate.rememberIds is. */
  private rememberEntry(signal: TradeRequest, time: number): void {
    const entries = this.memory.approvedEntries;
    entries.push({ strategy: signal.strategy, symbol: signal.symbol, side: signal.side, time, id: signal.signalId ?? signal.id });
    let stale = 0;
    while (stale < entries.length && time - entries[stale].time >= this.limits.duplicate.windowMs) stale++;
    if (stale > 0) entries.splice(0, stale);
  }

  private rememberOrder(strategy: string, time: number): void {
    const orders = this.memory.recentOrders;
    orders.push({ strategy, time });
    let stale = 0;
    while (stale < orders.length && time - orders[stale].time >= 60_000) stale++;
    if (stale > 0) orders.splice(0, stale);
  }
}

function tripKey(trip: BreakerTrip): string {
  return `${trip.breaker}:${trip.since}`;
}

/** Against a filled position, on the other side, and no larger than it: closes or shrinks, never flips. */
function isReduceOnly(heldUnits: number, signedUnits: number): boolean {
  return heldUnits !== 0 && Math.sign(heldUnits) !== Math.sign(signedUnits) && Math.abs(signedUnits) <= Math.abs(heldUnits);
}

function smallestDownsize(checks: readonly RuleVerdict[]): Quantity | null {
  let smallest: Quantity | null = null;
  for (const verdict of checks) {
    if ('downsizeTo' in verdict && (smallest === null || verdict.downsizeTo.compare(smallest) < 0)) smallest = verdict.downsizeTo;
  }
  return smallest;
}
