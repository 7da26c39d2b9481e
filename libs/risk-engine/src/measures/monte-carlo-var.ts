// Monte Carlo VaR and CVaR: draw one-bar return vectors from the normal with
// the history's means and covariance (independent draws correlated through
// the Cholesky factor), value the portfolio under each, and read the same
// empirical quantile as historical VaR. Seeded: the same random source state
// gives the same figure.
import type { RandomSource } from '@trading/domain';
import { cholesky } from './cholesky';
import { tailRisk } from './loss-quantile';
import { fillStandardNormal } from './normal-distribution';
import type { ReturnMoments } from './parametric-var';
import type { ReturnHistory } from './return-history';
import { checkVarOptions, type VarOptions, type VarResult } from './var-result';

export interface MonteCarloOptions extends VarOptions {
  readonly scenarios: number;
}

export function monteCarloVarFromMoments(moments: ReturnMoments, weights: Float64Array, options: MonteCarloOptions, random: RandomSource): VarResult {
  checkVarOptions(options);
  if (!Number.isInteger(options.scenarios) || options.scenarios < 100) throw new RangeError(`Monte Carlo needs an integer >= 100 scenarios, got ${options.scenarios}`);
  const k = weights.length;
  if (moments.means.length !== k || moments.covariance.length !== k * k) throw new RangeError(`moments are for ${moments.means.length} symbols, weights for ${k}`);
  const lower = cholesky(moments.covariance, k);
  // The portfolio loss is −wᵀ(μ + Lz) = −wᵀμ − (Lᵀw)ᵀz: project once, then each scenario is a dot product.
  let meanLoss = 0;
  const projected = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    meanLoss -= weights[i] * moments.means[i];
    for (let j = 0; j <= i; j++) projected[j] += weights[i] * lower[i * k + j];
  }
  const draws = new Float64Array(k);
  const losses = new Float64Array(options.scenarios);
  for (let s = 0; s < options.scenarios; s++) {
    fillStandardNormal(random, draws);
    let loss = meanLoss;
    for (let j = 0; j < k; j++) loss -= projected[j] * draws[j];
    losses[s] = loss;
  }
  const tail = tailRisk(losses, losses.length, options.confidence);
  const scale = Math.sqrt(options.horizonBars);
  return {
    method: 'monte-carlo',
    confidence: options.confidence,
    horizonBars: options.horizonBars,
    observations: options.scenarios,
    valueAtRisk: tail.valueAtRisk * scale,
    expectedShortfall: tail.expectedShortfall * scale,
  };
}

export function monteCarloVar(history: ReturnHistory, weights: Float64Array, options: MonteCarloOptions, random: RandomSource): VarResult {
  if (weights.length !== history.symbols.length) throw new RangeError(`weights has ${weights.length} entries for ${history.symbols.length} symbols`);
  return monteCarloVarFromMoments(history, weights, options, random);
}
