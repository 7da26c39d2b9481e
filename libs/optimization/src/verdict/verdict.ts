// The verdict: a candidate is recommended only when the walk-forward's
// out-of-sample record passes every check below; otherwise the report says
// which failed and by how much. The candidate is the last fold's best
// parameters: chosen on the most recent train window, and tested on the most
// recent data.
//
// Default thresholds, and why:
// - every fold found parameters trading at least the minimum (a walk-forward
//   with an untested window has not validated the procedure);
// - Deflated Sharpe >= 0.95: 95% confidence that the selected Sharpe beats
//   what the best of the fold's trials would show by luck (mean over folds);
// - PBO <= 0.2: the in-sample winner lands in the worse half out of sample in
//   at most one split in five (pure noise gives 0.5; mean over folds);
// - out-of-sample Sharpe >= 0.5 (annualised, after costs): a record that
//   merely breaks even is not worth the risk;
// - the Monte Carlo drawdown exceeded in only 5% of paths (block bootstrap,
//   the 95th percentile of the paths' maximum drawdowns) <= 25%;
// - at least 30 out-of-sample trades, so the figures above rest on something.
import type { ParameterValues } from '@trading/strategies';

export interface VerdictThresholds {
  readonly minDeflatedSharpe: number;
  readonly maxPbo: number;
  readonly minOutOfSampleSharpe: number;
  /** Upper bound of the Monte Carlo 95th-percentile maximum drawdown (the worst 5% of paths). */
  readonly maxMonteCarloDrawdown: number;
  readonly minOutOfSampleTrades: number;
}

export const DEFAULT_THRESHOLDS: VerdictThresholds = Object.freeze({
  minDeflatedSharpe: 0.95,
  maxPbo: 0.2,
  minOutOfSampleSharpe: 0.5,
  maxMonteCarloDrawdown: 0.25,
  minOutOfSampleTrades: 30,
});

export interface VerdictInput {
  /** Numbered from 1, as the report shows them. */
  readonly foldsWithoutCandidate: readonly number[];
  readonly minTrades: number;
  readonly deflatedSharpe: number | null;
  readonly pbo: number | null;
  readonly outOfSampleSharpe: number;
  readonly monteCarloWorstDrawdown: number;
  readonly outOfSampleTrades: number;
  readonly candidate: ParameterValues | null;
}

export interface VerdictCheck {
  readonly name: string;
  readonly passed: boolean;
  /** One sentence: the figure against its threshold. */
  readonly detail: string;
}

export interface Verdict {
  readonly recommended: ParameterValues | null;
  readonly why: string;
  readonly checks: readonly VerdictCheck[];
}

export function verdict(input: VerdictInput, thresholds: VerdictThresholds = DEFAULT_THRESHOLDS): Verdict {
  const f = (value: number, digits = 3): string => value.toFixed(digits);
  const pct = (value: number): string => `${(value * 100).toFixed(1)}%`;
  const checks: VerdictCheck[] = [
    {
      name: 'every fold has a candidate',
      passed: input.foldsWithoutCandidate.length === 0,
      detail:
        input.foldsWithoutCandidate.length === 0
          ? 'every fold found parameters trading at least the minimum'
          : `no trial reached ${input.minTrades} trades in the train window of fold ${input.foldsWithoutCandidate.join(', ')}`,
    },
    {
      name: 'deflated Sharpe',
      passed: input.deflatedSharpe !== null && input.deflatedSharpe >= thresholds.minDeflatedSharpe,
      detail: input.deflatedSharpe === null ? 'the Deflated Sharpe Ratio is undefined (no fold selected a trial)' : `Deflated Sharpe Ratio ${f(input.deflatedSharpe)} (needs >= ${thresholds.minDeflatedSharpe})`,
    },
    {
      name: 'probability of backtest overfitting',
      passed: input.pbo !== null && input.pbo <= thresholds.maxPbo,
      detail: input.pbo === null ? 'PBO is undefined (too few trials or days)' : `PBO ${f(input.pbo)} (needs <= ${thresholds.maxPbo})`,
    },
    {
      name: 'out-of-sample Sharpe',
      passed: input.outOfSampleSharpe >= thresholds.minOutOfSampleSharpe,
      detail: `out-of-sample Sharpe ${f(input.outOfSampleSharpe, 2)} (needs >= ${thresholds.minOutOfSampleSharpe})`,
    },
    {
      name: 'Monte Carlo drawdown',
      passed: input.monteCarloWorstDrawdown <= thresholds.maxMonteCarloDrawdown,
      detail: `Monte Carlo worst-5% maximum drawdown ${pct(input.monteCarloWorstDrawdown)} (needs <= ${pct(thresholds.maxMonteCarloDrawdown)})`,
    },
    {
      name: 'out-of-sample trades',
      passed: input.outOfSampleTrades >= thresholds.minOutOfSampleTrades,
      detail: `${input.outOfSampleTrades} out-of-sample trades (needs >= ${thresholds.minOutOfSampleTrades})`,
    },
  ];
  const failed = checks.filter((check) => !check.passed);
  if (failed.length === 0 && input.candidate !== null) {
    return { recommended: input.candidate, why: `recommended: ${checks.map((check) => check.detail).join('; ')}`, checks };
  }
  return { recommended: null, why: `not recommended: ${failed.map((check) => check.detail).join('; ')}`, checks };
}
