// Parametric (variance–covariance) VaR and CVaR: one-bar portfolio returns
// taken as normal with the history's mean vector and covariance matrix, so
// the loss is N(−wᵀμ, wᵀΣw): VaR = −wᵀμ + z·σ and CVaR = −wᵀμ + σ·φ(z)/(1 − α),
// then scaled by sqrt(horizonBars) like the other methods.
import { normalDensity, normalQuantile } from './normal-distribution';
import type { ReturnHistory } from './return-history';
import { checkVarOptions, type VarOptions, type VarResult } from './var-result';

export interface ReturnMoments {
  readonly means: Float64Array;
  /** Row-major k × k. */
  readonly covariance: Float64Array;
}

export function parametricVarFromMoments(moments: ReturnMoments, weights: Float64Array, options: VarOptions, observations = 0): VarResult {
  checkVarOptions(options);
  const k = weights.length;
  if (moments.means.length !== k || moments.covariance.length !== k * k) throw new RangeError(`moments are for ${moments.means.length} symbols, weights for ${k}`);
  let mean = 0;
  let variance = 0;
  for (let i = 0; i < k; i++) {
    mean += weights[i] * moments.means[i];
    for (let j = 0; j < k; j++) variance += weights[i] * weights[j] * moments.covariance[i * k + j];
  }
  const sigma = Math.sqrt(Math.max(0, variance));
  const z = normalQuantile(options.confidence);
  const scale = Math.sqrt(options.horizonBars);
  return {
    method: 'parametric',
    confidence: options.confidence,
    horizonBars: options.horizonBars,
    observations,
    valueAtRisk: (-mean + z * sigma) * scale,
    expectedShortfall: (-mean + (sigma * normalDensity(z)) / (1 - options.confidence)) * scale,
  };
}

export function parametricVar(history: ReturnHistory, weights: Float64Array, options: VarOptions): VarResult {
  if (weights.length !== history.symbols.length) throw new RangeError(`weights has ${weights.length} entries for ${history.symbols.length} symbols`);
  return parametricVarFromMoments(history, weights, options, history.length);
}
