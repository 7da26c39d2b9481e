// What every VaR method returns. Amounts are losses in the account currency
// (positive = loss) over `horizonBars` bars of the history's timeframe; the
// one-bar figures are scaled by sqrt(horizonBars) (square-root-of-time), the
// same way for every method so the three can be compared.
export type VarMethod = 'historical' | 'parametric' | 'monte-carlo';

export interface VarResult {
  readonly method: VarMethod;
  readonly confidence: number;
  readonly horizonBars: number;
  /** Observations (historical) or scenarios (Monte Carlo) behind the figure; history length for parametric. */
  readonly observations: number;
  readonly valueAtRisk: number;
  readonly expectedShortfall: number;
}

export interface VarOptions {
  readonly confidence: number;
  readonly horizonBars: number;
}

export function checkVarOptions(options: VarOptions): void {
  if (!(options.confidence > 0.5 && options.confidence < 1)) throw new RangeError(`VaR confidence must be in (0.5, 1), got ${options.confidence}`);
  if (!Number.isInteger(options.horizonBars) || options.horizonBars < 1) throw new RangeError(`VaR horizonBars must be an integer >= 1, got ${options.horizonBars}`);
}
