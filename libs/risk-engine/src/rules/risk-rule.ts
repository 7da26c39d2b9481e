// The one shape every pre-trade rule has, and the context it reads. A rule
// looks, never changes anything, and always answers: pass (with a detail saying
// what it measured), deny (reason code and a sentence), or pass with a smaller
// size (only rules that may downsize, e.g. the VaR limit).
import type { Instrument, Quantity } from '@trading/domain';
import type { RiskLimits } from '../limits.config';
import type { ReturnHistory } from '../measures/return-history';
import type { PortfolioView, SymbolBook } from '../portfolio/portfolio-view';
import type { MarketState, OrderProposal, PortfolioSnapshot, RuleMeasure, RuleVerdict, TradeRequest } from '../risk.types';
import type { RiskMemory } from '../state/risk-memory';
import type { TradingState } from '../state/trading-state';

export interface RuleContext {
  readonly time: number;
  readonly signal: TradeRequest;
  readonly order: OrderProposal;
  /** The order's size in lot units (1e-8 lot) with its sign (buy > 0). */
  readonly signedUnits: number;
  readonly book: SymbolBook;
  readonly instrument: Instrument;
  readonly portfolio: PortfolioSnapshot;
  readonly view: PortfolioView;
  readonly market: MarketState;
  readonly history: ReturnHistory | null;
  readonly limits: RiskLimits;
  readonly state: TradingState;
  readonly memory: Readonly<RiskMemory>;
  /** Signal ids the engine remembers (the memory's recentSignals, indexed). */
  readonly seenSignalIds: ReadonlySet<string>;
  /** Scratch buffers owned by the engine so hot rules allocate nothing. */
  readonly scratch: RuleScratch;
}

export interface RuleScratch {
  /** One entry per history symbol. */
  weights: Float64Array;
  /** One entry per history observation. */
  losses: Float64Array;
}

export interface RiskRule {
  readonly code: string;
  /** True when the verdict depends on the order size: re-checked after a downsize. */
  readonly sizeDependent: boolean;
  check(context: RuleContext): RuleVerdict;
}

export function pass(code: string, detail: string, measure?: RuleMeasure): RuleVerdict {
  return measure === undefined ? { code, pass: true, detail } : { code, pass: true, detail, measure };
}

export function deny(code: string, reason: string, message: string, measure?: RuleMeasure): RuleVerdict {
  return measure === undefined ? { code, pass: false, reason, message } : { code, pass: false, reason, message, measure };
}

export function downsize(code: string, detail: string, downsizeTo: Quantity, measure?: RuleMeasure): RuleVerdict {
  return measure === undefined ? { code, pass: true, detail, downsizeTo } : { code, pass: true, detail, downsizeTo, measure };
}

/** A measurement for a verdict, rounded so that float noise stays out of the log. */
export function measured(value: number, limit: number, unit: string): RuleMeasure {
  return { value: roundMeasure(value), limit: roundMeasure(limit), unit };
}

function roundMeasure(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(10)) : x;
}

export const REDUCES_EXPOSURE = 'order only reduces an existing position';

/** Formats a ratio for messages: 4 significant digits, stable across runs. */
export function ratio(value: number): string {
  return Number.isFinite(value) ? value.toPrecision(4) : String(value);
}
