// Trading states and how breaker trips decide them. The state is never set
// directly: each breaker (and the kill switch) records a trip with the state it
// demands, and the effective state is the most severe of the active trips, so
// one breaker clearing cannot lift another breaker's halt.
export const TRADING_STATES = ['ACTIVE', 'REDUCING', 'HALTED'] as const;
export type TradingState = (typeof TRADING_STATES)[number];

const SEVERITY: Readonly<Record<TradingState, number>> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };

export function moreSevere(a: TradingState, b: TradingState): TradingState {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

export const BREAKER_CODES = [
  'KILL_SWITCH',
  'MANUAL_REDUCE',
  'DAILY_LOSS',
  'MAX_DRAWDOWN',
  'CONSECUTIVE_LOSSES',
  'VOLATILITY_SPIKE',
  'BROKER_REJECTIONS',
] as const;
export type BreakerCode = (typeof BREAKER_CODES)[number];

export interface BreakerTrip {
  readonly breaker: BreakerCode;
  readonly state: Exclude<TradingState, 'ACTIVE'>;
  readonly reason: string;
  readonly since: number;
  /** Time the trip expires by itself; null when it waits for a condition or a person. */
  readonly until: number | null;
  /** Only a person's resume clears a latched trip. */
  readonly latched: boolean;
}

export interface StateTransition {
  readonly from: TradingState;
  readonly to: TradingState;
  readonly reason: string;
  readonly time: number;
}

/** The state the active trips demand, and the trip that demands it (null when ACTIVE). */
export function effectiveState(trips: readonly BreakerTrip[]): { state: TradingState; cause: BreakerTrip | null } {
  let cause: BreakerTrip | null = null;
  for (const trip of trips) {
    const severity = SEVERITY[trip.state];
    if (cause === null || severity > SEVERITY[cause.state] || (severity === SEVERITY[cause.state] && trip.since < cause.since)) cause = trip;
  }
  return { state: cause?.state ?? 'ACTIVE', cause };
}
