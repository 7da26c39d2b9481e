// Historical-simulation VaR and CVaR: revalue today's portfolio under each
// past bar's returns and read the empirical loss quantile (see loss-quantile.ts).
import { tailRisk } from './loss-quantile';
import type { ReturnHistory } from './return-history';
import { checkVarOptions, type VarOptions, type VarResult } from './var-result';

/**
 * Writes the portfolio loss of each observation into `out` (length >= history.length):
 * loss_t = −Σ_i weights[i] · return_i,t, weights being signed account-currency
 * notionals in the order of `history.symbols`.
 */
export function portfolioLosses(history: ReturnHistory, weights: Float64Array, out: Float64Array): void {
  const n = history.length;
  const returns = history.returns;
  out.fill(0, 0, n);
  for (let i = 0; i < weights.length; i++) {
    const weight = weights[i];
    if (weight === 0) continue;
    const offset = i * n;
    for (let t = 0; t < n; t++) out[t] -= weight * returns[offset + t];
  }
}

/**
 * `scratch` (length >= history.length) is reused between calls so the check
 * allocates nothing; pass none and one is made.
 */
export function historicalVar(history: ReturnHistory, weights: Float64Array, options: VarOptions, scratch?: Float64Array): VarResult {
  checkVarOptions(options);
  if (weights.length !== history.symbols.length) throw new RangeError(`weights has ${weights.length} entries for ${history.symbols.length} symbols`);
  const losses = scratch ?? new Float64Array(history.length);
  portfolioLosses(history, weights, losses);
  const tail = tailRisk(losses, history.length, options.confidence);
  const scale = Math.sqrt(options.horizonBars);
  return {
    method: 'historical',
    confidence: options.confidence,
    horizonBars: options.horizonBars,
    observations: history.length,
    valueAtRisk: tail.valueAtRisk * scale,
    expectedShortfall: tail.expectedShortfall * scale,
  };
}
