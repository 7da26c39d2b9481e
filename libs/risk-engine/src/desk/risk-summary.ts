// The risk record the desk hands back at the end of a run, in plain numbers
// and strings, for the backtest's JSON summary and the report's risk section.
export interface RiskBreakerTrip {
  readonly time: number;
  /** Breaker code, e.g. DAILY_LOSS. */
  readonly breaker: string;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

export interface RiskVarPoint {
  /** Bar close time, UTC ms. */
  readonly time: number;
  /** Portfolio VaR in the account currency (0 when flat). */
  readonly value: number;
  /** VaR as a fraction of equity. */
  readonly fractionOfEquity: number;
}

export interface RiskSummary {
  readonly policy: string;
  readonly decisions: number;
  readonly approved: number;
  readonly rejected: number;
  /** Approved after a rule shrank the order. */
  readonly downsized: number;
  /** Rejections per reason code, keys sorted. */
  readonly rejectionsByReason: Readonly<Record<string, number>>;
  /** Milliseconds of clock time spent in each trading state, keys in severity order. */
  readonly timeInState: Readonly<Record<string, number>>;
  readonly finalState: string;
  readonly stateChanges: number;
  /** Every transition a breaker caused towards a more severe state. */
  readonly breakerTrips: readonly RiskBreakerTrip[];
  /** Every entry's risk at its fill price against maxRiskPerTrade of equity: fills checked, fills over it, the largest ratio. */
  readonly fillRisk: { readonly fills: number; readonly breaches: number; readonly maxRatio: number };
  readonly valueAtRisk: {
    readonly method: string;
    readonly confidence: number;
    readonly horizonBars: number;
    /** One point per timestamp once the return history is long enough. */
    readonly points: readonly RiskVarPoint[];
  };
}
