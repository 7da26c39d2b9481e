// Everything the engine remembers between calls, as plain JSON data: the
// trading state and its history, breaker trips and counters, recent orders and
// signals. The risk service persists it; restoring it restores behaviour exactly.
import type { Side } from '../risk.types';
import { BREAKER_CODES, TRADING_STATES, type BreakerTrip, type StateTransition, type TradingState } from './trading-state';

export const RISK_MEMORY_VERSION = 2;
/** Transitions kept in memory; callers that need all of them listen to onTransition. */
export const MAX_REMEMBERED_TRANSITIONS = 1000;

export interface RememberedSignal {
  readonly id: string;
  readonly strategy: string;
  readonly symbol: string;
  readonly side: Side;
  readonly time: number;
  readonly approved: boolean;
}

export interface RiskMemory {
  readonly version: typeof RISK_MEMORY_VERSION;
  state: TradingState;
  transitions: StateTransition[];
  trips: BreakerTrip[];
  /** Current trading session: its start, the equity then, and the equity at which the daily loss limit trips (exact decimal text). */
  session: { start: number; startEquity: string; haltEquity: string } | null;
  /** Peak equity the drawdown breaker measures from (exact decimal text). */
  peakEquity: string | null;
  consecutiveLosses: number;
  /** Recent ATR values per symbol, oldest first, for the volatility z-score. */
  atrWindows: Record<string, number[]>;
  /** Symbols whose latest ATR z-score is over the threshold, with that z-score. */
  volatilitySpikes: Record<string, number>;
  /** Times of recent broker rejections. */
  rejectionTimes: number[];
  /** Approved orders of the last minute, for the rate limits. */
  recentOrders: { strategy: string; time: number }[];
  /** Recently decided requests, for exact-id duplicates (oldest first, at most duplicate.rememberIds). */
  recentSignals: RememberedSignal[];
  /** Entries approved within duplicate.windowMs, for the same-side repeat rule (oldest first; trimmed by time only). */
  approvedEntries: { strategy: string; symbol: string; side: Side; time: number; id: string }[];
}

export function initialRiskMemory(): RiskMemory {
  return {
    version: RISK_MEMORY_VERSION,
    state: 'ACTIVE',
    transitions: [],
    trips: [],
    session: null,
    peakEquity: null,
    consecutiveLosses: 0,
    atrWindows: {},
    volatilitySpikes: {},
    rejectionTimes: [],
    recentOrders: [],
    recentSignals: [],
    approvedEntries: [],
  };
}

/** Checks persisted memory before an engine trusts it; names the first bad field. */
export function parseRiskMemory(input: unknown): RiskMemory {
  const fail = (field: string, problem: string): never => {
    throw new RangeError(`invalid risk memory: ${field} ${problem}`);
  };
  if (typeof input !== 'object' || input === null) return fail('(root)', 'must be an object');
  let memory = input as Record<string, unknown>;
  // Version 1 kept the same-side window inside the id memory; its approved entries seed the window.
  if (memory['version'] === 1) {
    const seen = Array.isArray(memory['recentSignals']) ? (memory['recentSignals'] as RememberedSignal[]) : [];
    const approvedEntries = seen.filter((signal) => signal.approved).map(({ strategy, symbol, side, time, id }) => ({ strategy, symbol, side, time, id }));
    memory = { ...memory, version: RISK_MEMORY_VERSION, approvedEntries };
  }
  if (memory['version'] !== RISK_MEMORY_VERSION) fail('version', `must be ${RISK_MEMORY_VERSION} (or 1), got ${String(memory['version'])}`);
  if (!(TRADING_STATES as readonly unknown[]).includes(memory['state'])) fail('state', `must be one of ${TRADING_STATES.join(', ')}`);
  for (const key of ['transitions', 'trips', 'rejectionTimes', 'recentOrders', 'recentSignals', 'approvedEntries']) {
    if (!Array.isArray(memory[key])) fail(key, 'must be an array');
  }
  for (const trip of memory['trips'] as unknown[]) {
    const code = (trip as { breaker?: unknown }).breaker;
    if (!(BREAKER_CODES as readonly unknown[]).includes(code)) fail('trips', `holds an unknown breaker ${String(code)}`);
  }
  for (const key of ['atrWindows', 'volatilitySpikes']) {
    if (typeof memory[key] !== 'object' || memory[key] === null || Array.isArray(memory[key])) fail(key, 'must be an object');
  }
  if (typeof memory['consecutiveLosses'] !== 'number') fail('consecutiveLosses', 'must be a number');
  return structuredClone(memory) as unknown as RiskMemory;
}
