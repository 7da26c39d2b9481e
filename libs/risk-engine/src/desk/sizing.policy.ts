// The sizing port of the risk desk: how many lots a signal is worth. The desk
// ships a fixed size and a fixed fraction of equity at risk; the risk engine
// plugs its full policy (limits, breakers) in through the same interface,
// using the optional hooks to follow the bars, the book and the venue's answers.
import { ExactDecimal, type Instrument, type Money, Quantity } from '@trading/domain';
import type { ClosedTrade } from '@trading/portfolio';
import type { SignalGenerated } from '@trading/contracts';
import type { DeskBook } from './desk-book';
import type { OrderProposal, RuleVerdict } from '../risk.types';
import type { RiskLimits } from '../limits.config';
import type { TradingState } from '../state/trading-state';
import type { RiskSummary } from './risk-summary';

export interface SizingRequest {
  readonly signal: SignalGenerated;
  /** Id of the signal message. */
  readonly signalId: string;
  /** Id of this decision (derived from the signal's and the leg). */
  readonly decisionId: string;
  /** The client order id the order will carry, derived from the decision. */
  readonly clientOrderId: string;
  readonly instrument: Instrument;
  /** Booked cash plus open P&L, in the account currency. */
  readonly equity: Money;
  /** Price the entry is expected at (the signal's reference price or the last close). */
  readonly entryPrice: number;
  /** Account currency per unit of the instrument's quote currency, now. */
  readonly quoteToAccount: ExactDecimal;
  /** Clock time of the decision (the bar's close), UTC ms. */
  readonly time: number;
  /** The desk's book as it stands. */
  readonly book: DeskBook;
  /**
   * Lots of the strategy's opposite position that a close leg closes first (a
   * reversal): the sized quantity opens after that close, so a policy should
   * judge it as if the close had filled.
   */
  readonly closing: Quantity;
  /** The working order of that close leg, to leave out with the position it closes. */
  readonly closingOrderId?: string;
}

export interface SizingDecision {
  /** Lots to trade; zero means the signal is not traded. */
  readonly quantity: Quantity;
  readonly reason: string;
  /**
   * UPPER_SNAKE code of a refusal (quantity zero), or CAPPED_AT_MAX_LOTS when
   * the size was cut to the instrument's largest deal; absent otherwise.
   */
  readonly code?: string;
  /** Stop the policy sized against when it differs from the signal's (e.g. an ATR stop); attached to the order. */
  readonly stopLoss?: number;
  readonly takeProfit?: number;
  /** Every rule's verdict, for policies with rules (the risk engine). */
  readonly checks?: readonly RuleVerdict[];
  /** Lots the rules first saw when one of them downsized the order. */
  readonly downsizedFrom?: string;
  /** Equity the policy sized on, exact decimal text (the book's equity otherwise). */
  readonly equity?: string;
}

/** A bar the venue has just worked, as the clock reaches its close. */
export interface DeskBar {
  readonly symbol: string;
  readonly slot: number;
  /** The bar's start, UTC ms. */
  readonly barTime: number;
  /** The bar's close time (the clock), UTC ms. */
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Slippage the venue would charge a market fill now, price units. */
  readonly slippage: number;
  readonly book: DeskBook;
}

/** An order that opened or added to a position filled: the risk it really took. */
export interface EntryFill {
  readonly strategy: string;
  readonly symbol: string;
  readonly orderId: string;
  readonly side: 'buy' | 'sell';
  /** Lots filled. */
  readonly lots: number;
  readonly price: number;
  readonly stopLoss: number;
  readonly time: number;
  readonly book: DeskBook;
}

/** A flat signal wants the strategy's position closed. */
export interface CloseRequest {
  readonly signal: SignalGenerated;
  readonly signalId: string;
  readonly decisionId: string;
  readonly clientOrderId: string;
  readonly time: number;
  /** Lots to close. */
  readonly quantity: Quantity;
  readonly book: DeskBook;
}

export interface CloseDecision {
  readonly approved: boolean;
  readonly reason: string;
  /** UPPER_SNAKE code of a refusal. */
  readonly code?: string;
  /** Every rule's verdict, for policies with rules (the risk engine). */
  readonly checks?: readonly RuleVerdict[];
}

export interface KillSwitchRequest {
  readonly book: DeskBook;
  readonly time: number;
  readonly reason: string;
  /** Id of the command that pressed the switch: the flattening orders' ids derive from it. */
  readonly commandId: string;
}

export interface ReduceRequest {
  readonly time: number;
  readonly reason: string;
}

export interface ResumeRequest {
  readonly book: DeskBook;
  readonly time: number;
  /** Who resumed trading (for the audit trail). */
  readonly by: string;
}

export interface StateCause {
  readonly code: string;
  readonly reason: string;
  readonly since: number;
  readonly until: number | null;
}

/** An operator replaces the risk limits (a validated document). */
export interface LimitsRequest {
  readonly limits: RiskLimits;
  readonly time: number;
  readonly by: string;
}

export interface SizingPolicy {
  readonly name: string;
  size(request: SizingRequest): SizingDecision;
  /** Parameters for reports. */
  describe(): Readonly<Record<string, string | number>>;
  /** Every setting in force (the risk limits), for the decision log's header. */
  settings?(): Readonly<Record<string, unknown>>;
  /** Each bar, after the venue worked it and before the strategies see it. */
  observeBar?(bar: DeskBar): void;
  /** A flat signal asks to close a position; without this hook closes always pass. */
  approveClose?(request: CloseRequest): CloseDecision;
  /** A trade closed (stop, target, signal or end of data); `time` is the clock's. */
  onTradeClosed?(trade: ClosedTrade, time: number): void;
  /** The venue refused an order. */
  onOrderRejected?(message: string, time: number): void;
  /** An entry with a stop filled: the risk at its fill price, against the limit it was sized under. */
  onEntryFilled?(fill: EntryFill): void;
  /** The policy's risk record for the summary and the report. */
  riskSummary?(): RiskSummary;
  /** The trading state, for policies that keep one (the risk engine); ACTIVE otherwise. */
  tradingState?(): TradingState;
  /** Why the state is what it is: the breaker code that demands it (null when ACTIVE), its reason and time span. */
  stateCause?(): StateCause | null;
  /** Equity at the session's start and at its peak, exact decimal text, for the state's figures. */
  equityMarks?(): { readonly sessionStart: string | null; readonly peak: string | null };
  /** The kill switch: the orders that flatten every position. */
  killSwitch?(request: KillSwitchRequest): readonly OrderProposal[];
  resume?(request: ResumeRequest): void;
  /** Only closing or shrinking orders until a resume. */
  reduce?(request: ReduceRequest): void;
  /** New limits from the next decision on, for policies that keep limits (the risk engine). */
  setLimits?(request: LimitsRequest): void;
}

/** The code of a size cut to the instrument's largest deal. */
export const CAPPED = 'CAPPED_AT_MAX_LOTS';

export class FixedSizePolicy implements SizingPolicy {
  readonly name = 'fixed-size';
  private readonly lots: Quantity;

  constructor(lots: number | string) {
    this.lots = Quantity.of(lots);
    if (this.lots.isZero()) throw new RangeError(`fixed size must be > 0 lots, got ${String(lots)}`);
  }

  size(request: SizingRequest): SizingDecision {
    const { minLots, maxLots, lotStep } = request.instrument;
    const lots = Quantity.floorToStep(this.lots.value, lotStep);
    if (lots.toNumber() < minLots) return { quantity: Quantity.of(0), reason: `fixed size ${this.lots} lots is below the minimum of ${minLots}`, code: 'SIZE_BELOW_MINIMUM' };
    if (lots.toNumber() > maxLots) return { quantity: Quantity.of(maxLots), reason: `fixed size ${this.lots} lots capped at the maximum of ${maxLots}`, code: CAPPED };
    return { quantity: lots, reason: `fixed size ${lots} lots` };
  }

  describe(): Readonly<Record<string, string | number>> {
    return { policy: this.name, lots: this.lots.toString() };
  }
}

/**
 * Risks `fraction` of equity between entry and stop: lots = equity x fraction /
 * (stop distance x contract size x quote-to-account rate), floored to the lot
 * step. A signal without a stop has no defined risk and is not traded.
 */
export class FixedFractionalPolicy implements SizingPolicy {
  readonly name = 'fixed-fractional';

  constructor(readonly fraction: number) {
    if (!(fraction > 0 && fraction <= 0.2)) throw new RangeError(`risk fraction must be in (0, 0.2], got ${fraction}`);
  }

  size(request: SizingRequest): SizingDecision {
    const { signal, instrument, equity } = request;
    const zero = Quantity.of(0);
    if (signal.stopLoss === undefined) return { quantity: zero, reason: 'fixed-fractional sizing needs a stop-loss; the signal has none', code: 'NO_STOP' };
    // In decimals: 1.1 - 1.098 in floats is a hair over 20 pips and would floor a lot step away.
    const distance = new ExactDecimal(request.entryPrice).minus(signal.stopLoss).abs();
    if (distance.isZero()) return { quantity: zero, reason: `stop-loss ${signal.stopLoss} is at the entry price`, code: 'INVALID_STOP' };
    if (!equity.amount.isPositive() || equity.isZero()) return { quantity: zero, reason: `equity ${equity.toString()} leaves nothing to risk`, code: 'NO_EQUITY' };
    const budget = equity.amount.times(this.fraction);
    const lossPerLot = request.quoteToAccount.times(distance).times(instrument.contractSize);
    const lots = Quantity.floorToStep(budget.dividedBy(lossPerLot), instrument.lotStep);
    const risk = `risking ${this.fraction * 100}% of ${equity.rounded(2).toString()} ${equity.currency} over ${distance.toFixed()}`;
    if (lots.toNumber() < instrument.minLots) return { quantity: zero, reason: `${risk}: ${lots} lots is below the minimum of ${instrument.minLots}`, code: 'SIZE_BELOW_MINIMUM' };
    if (lots.toNumber() > instrument.maxLots) return { quantity: Quantity.of(instrument.maxLots), reason: `${risk}: capped at the maximum of ${instrument.maxLots} lots`, code: CAPPED };
    return { quantity: lots, reason: `${risk}: ${lots} lots` };
  }

  describe(): Readonly<Record<string, string | number>> {
    return { policy: this.name, fraction: this.fraction };
  }
}
