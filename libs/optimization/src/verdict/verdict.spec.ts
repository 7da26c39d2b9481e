import { verdict, type VerdictInput } from './verdict';

const passing: VerdictInput = {
  foldsWithoutCandidate: [],
  minTrades: 20,
  deflatedSharpe: 0.97,
  pbo: 0.1,
  outOfSampleSharpe: 0.8,
  monteCarloWorstDrawdown: 0.12,
  outOfSampleTrades: 64,
  candidate: { fastPeriod: 12, slowPeriod: 80 },
};

describe('the verdict', () => {
  it('recommends the candidate when every documented threshold passes', () => {
    const result = verdict(passing);
    expect(result.recommended).toEqual({ fastPeriod: 12, slowPeriod: 80 });
    expect(result.checks.every((check) => check.passed)).toBe(true);
    expect(result.why).toBe(
      'recommended: every fold found parameters trading at least the minimum; Deflated Sharpe Ratio 0.970 (needs >= 0.95); PBO 0.100 (needs <= 0.2); out-of-sample Sharpe 0.80 (needs >= 0.5); Monte Carlo worst-5% maximum drawdown 12.0% (needs <= 25.0%); 64 out-of-sample trades (needs >= 30)',
    );
  });

  it('says which checks failed and by how much', () => {
    const result = verdict({ ...passing, pbo: 0.45, outOfSampleTrades: 12, foldsWithoutCandidate: [2, 4] });
    expect(result.recommended).toBeNull();
    expect(result.why).toBe(
      'not recommended: no trial reached 20 trades in the train window of fold 2, 4; PBO 0.450 (needs <= 0.2); 12 out-of-sample trades (needs >= 30)',
    );
  });

  it('fails the statistics that are undefined', () => {
    const result = verdict({ ...passing, deflatedSharpe: null, pbo: null });
    expect(result.checks.filter((check) => !check.passed).map((check) => check.detail)).toEqual([
      'the Deflated Sharpe Ratio is undefined (no fold selected a trial)',
      'PBO is undefined (too few trials or days)',
    ]);
  });
});
