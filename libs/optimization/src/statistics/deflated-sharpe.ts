// The Deflated Sharpe Ratio (Bailey & López de Prado, "The Deflated Sharpe
// Ratio: Correcting for Selection Bias, Backtest Overfitting and
// Non-Normality", 2014): the probability that the selected strategy's true
// Sharpe ratio is above the Sharpe ratio the best of N unskilled trials would
// show by luck. Everything is per period (never annualised).
//
//   SR0 = sqrt(V[SR_n]) * ((1 - g) * Z^-1(1 - 1/N) + g * Z^-1(1 - 1/(N e)))
//   DSR = Z((SR* - SR0) * sqrt(T - 1) / sqrt(1 - skew * SR* + (kurt - 1) / 4 * SR*^2))
//
// with g the Euler-Mascheroni constant, V[SR_n] the variance (ddof 1) of the
// N trials' Sharpe ratios, and SR*, skew, kurt (not excess) and T those of the
// selected trial's returns.
import { higherMoments, mean, sharpeRatio, type Series } from './moments';
import { inverseNormalCdf, normalCdf } from './normal-distribution';

const EULER_MASCHERONI = 0.5772156649015329;

/** The Sharpe ratio the best of `trials` unskilled trials is expected to reach, given the variance of their Sharpe ratios. */
export function expectedMaximumSharpe(trials: number, sharpeVariance: number): number {
  if (!Number.isInteger(trials) || trials < 1) throw new RangeError(`the number of trials must be a whole number >= 1, got ${trials}`);
  // One trial was not selected from anything: nothing to deflate by.
  if (trials === 1 || !(sharpeVariance > 0)) return 0;
  const z1 = inverseNormalCdf(1 - 1 / trials);
  const z2 = inverseNormalCdf(1 - 1 / (trials * Math.E));
  return Math.sqrt(sharpeVariance) * ((1 - EULER_MASCHERONI) * z1 + EULER_MASCHERONI * z2);
}

export interface DeflatedSharpe {
  /** The probability; null when it is undefined (fewer than 2 returns, or a non-positive variance term). */
  readonly value: number | null;
  readonly trials: number;
  /** Per-period Sharpe of the selected trial. */
  readonly sharpe: number;
  /** The expected maximum Sharpe of the trials under no skill (SR0). */
  readonly benchmarkSharpe: number;
  readonly sharpeVariance: number;
  readonly skewness: number;
  readonly kurtosis: number;
  readonly length: number;
}

/**
 * `trialSharpes`: the per-period Sharpe of every trial of the study (the
 * selected one included); `selectedReturns`: the selected trial's per-period returns.
 */
export function deflatedSharpeRatio(trialSharpes: Series, selectedReturns: Series): DeflatedSharpe {
  const trials = trialSharpes.length;
  const sharpeVariance = trials > 1 ? varianceDdof1(trialSharpes) : 0;
  const benchmarkSharpe = expectedMaximumSharpe(Math.max(1, trials), sharpeVariance);
  const sharpe = sharpeRatio(selectedReturns);
  const { skewness, kurtosis } = higherMoments(selectedReturns);
  const length = selectedReturns.length;
  const spread = 1 - skewness * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe;
  const value = length > 1 && spread > 0 ? normalCdf(((sharpe - benchmarkSharpe) * Math.sqrt(length - 1)) / Math.sqrt(spread)) : null;
  return { value, trials, sharpe, benchmarkSharpe, sharpeVariance, skewness, kurtosis, length };
}

function varianceDdof1(values: Series): number {
  const m = mean(values);
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - m) ** 2;
  return squares / (values.length - 1);
}
