// A real engine that runs one pre-trade rule alone, so its decision carries
// that rule's verdict and nothing else, and entries sized to an exact number
// of lots, for the boundary specs of the rules: at a limit and one smallest
// step past it, the decision must differ.
//
// Prices are chosen so money comes out exact: EURUSD and GBPUSD P&L is in
// USD, USDCHF at 0.8 and USDCAD at 1.25 convert their quote currency at 1.25
// and 0.8, and the notional of a USD-based pair is 100,000 USD a lot.
import { instrumentFor, ManualClock, type Quote } from '@trading/domain';
import { parseRiskLimits } from '../limits.config';
import type { ReturnHistory } from '../measures/return-history';
import { RiskEngine } from '../risk-engine';
import type { MarketState, PortfolioSnapshot, RiskDecision, RuleMeasure, Side, TradeRequest } from '../risk.types';
import type { RiskRule } from '../rules/risk-rule';
import { initialRiskMemory, type RiskMemory } from '../state/risk-memory';
import { marketAt, portfolioOf, signalOf } from './risk.builders';

export const RULE_TIME = Date.UTC(2026, 0, 21, 12);
export const EQUITY = 100_000;
export const EXACT_MIDS: Readonly<Record<string, number>> = { EURUSD: 1.1, GBPUSD: 1.25, USDCHF: 0.8, USDCAD: 1.25 };

/** Quotes at EXACT_MIDS with no spread (bid = ask = mid), fresh at RULE_TIME. */
export function exactMarket(extra: Partial<MarketState> = {}): MarketState {
  return { ...marketAt(RULE_TIME, EXACT_MIDS, { spreadPips: 0 }), ...extra };
}

/** A market holding one quote. */
export function marketOf(quote: Quote, extra: Partial<MarketState> = {}): MarketState {
  return { quotes: { [quote.symbol]: quote }, atr: {}, instruments: { [quote.symbol]: instrumentFor(quote.symbol) }, ...extra };
}

export interface SizedEntry {
  readonly signal: TradeRequest;
  readonly market: MarketState;
}

/**
 * An entry at the EXACT_MIDS quote with its stop `stopPips` away, and the
 * market whose regime multiplier makes the default sizing (0.5 % of `equity`
 * at the stop) come out at exactly `lots`: the multiplier asks for a tenth of
 * a lot step more, which the sizer rounds down.
 */
export function sizedEntry(symbol: string, side: Side, lots: string, options: { stopPips?: number; equity?: number; id?: string; strategy?: string; market?: Partial<MarketState> } = {}): SizedEntry {
  const { stopPips = 10, equity = EQUITY, id = 'o1' } = options;
  const instrument = instrumentFor(symbol);
  const mid = EXACT_MIDS[symbol];
  const distance = stopPips * instrument.pipSize;
  const stopPrice = side === 'BUY' ? mid - distance : mid + distance;
  const quoteToUsd = instrument.quote === 'USD' ? 1 : 1 / mid;
  const regimeMultiplier = ((Number(lots) + instrument.lotStep / 10) * instrument.contractSize * distance * quoteToUsd) / (equity * 0.005);
  const signal = signalOf(id, symbol, side, { stopPrice, ...(options.strategy === undefined ? {} : { strategy: options.strategy }) });
  return { signal, market: exactMarket({ regimeMultiplier, ...options.market }) };
}

export interface AloneOptions {
  readonly limits?: object;
  readonly memory?: Partial<RiskMemory>;
  readonly portfolio?: PortfolioSnapshot;
  readonly history?: ReturnHistory | null;
  /** Runs on the engine before it decides (to trip a breaker, reduce, press the kill switch). */
  readonly prepare?: (engine: RiskEngine) => void;
}

/** `rule` alone decides `entry` at RULE_TIME on a 100,000 USD account (unless told otherwise). */
export function decideAlone(rule: RiskRule, entry: SizedEntry, options: AloneOptions = {}): RiskDecision {
  const engine = new RiskEngine({
    clock: new ManualClock(RULE_TIME),
    limits: parseRiskLimits(options.limits ?? {}),
    rules: [rule],
    ...(options.memory === undefined ? {} : { memory: { ...initialRiskMemory(), ...options.memory } }),
  });
  options.prepare?.(engine);
  return engine.decide({ signal: entry.signal, portfolio: options.portfolio ?? portfolioOf(EQUITY), market: entry.market, history: options.history ?? null });
}

export interface PassVerdict {
  readonly code: string;
  readonly detail: string;
  readonly measure?: RuleMeasure;
}

export interface DenyVerdict {
  readonly code: string;
  readonly reason: string;
  readonly message: string;
  readonly measure?: RuleMeasure;
}

/** The decision approved `lots` with `verdict` as its only check. */
export function expectApproved(decision: RiskDecision, lots: string, verdict: PassVerdict): void {
  expect({ decision: decision.decision, reason: decision.reason, message: decision.message, size: decision.size, checks: decision.checks }).toEqual({
    decision: 'approved',
    reason: null,
    message: null,
    size: lots,
    checks: [{ ...verdict, pass: true }],
  });
}

/** The decision refused `lots` for `verdict`'s reason and message, its only check. */
export function expectRejected(decision: RiskDecision, lots: string, verdict: DenyVerdict): void {
  expect({ decision: decision.decision, reason: decision.reason, message: decision.message, size: decision.size, order: decision.order, checks: decision.checks }).toEqual({
    decision: 'rejected',
    reason: verdict.reason,
    message: verdict.message,
    size: lots,
    order: null,
    checks: [{ ...verdict, pass: false }],
  });
}
