import { fxReturnHistory } from '../testing/shared-fx-returns';
import { historicalVar, portfolioLosses } from './historical-var';
import { selectInPlace } from '@trading/domain';
import { tailRisk, varRank } from './loss-quantile';
import { ReturnHistory } from './return-history';

describe('empirical loss quantile', () => {
  it('reads VaR as the ceil(α·n)-th smallest loss and CVaR as the mean from there up', () => {
    // Losses 1..10 shuffled; α = 0.9 → k = 9 → VaR 9, CVaR (9 + 10) / 2.
    const losses = Float64Array.from([7, 3, 10, 1, 9, 5, 2, 8, 4, 6]);
    expect(tailRisk(losses, 10, 0.9)).toEqual({ valueAtRisk: 9, expectedShortfall: 9.5 });
  });

  it('takes the 55th of 100 at 55 % although 0.55 × 100 is 55.00000000000001 in floats', () => {
    expect(0.55 * 100).toBeGreaterThan(55);
    expect(varRank(100, 0.55)).toBe(54);
    expect(varRank(500, 0.99)).toBe(494);
    expect(varRank(500, 0.95)).toBe(474);
    expect(varRank(10, 0.95)).toBe(9);
  });

  it('selects the same element a full sort would, on real returns, at every rank tried', () => {
    const { history } = fxReturnHistory(500);
    const series = history.returns.slice(0, 500);
    const sorted = Float64Array.from(series).sort();
    for (const rank of [0, 1, 250, 474, 494, 499]) {
      const copy = Float64Array.from(series);
      selectInPlace(copy, rank);
      expect(copy[rank]).toBe(sorted[rank]);
      expect(copy.subarray(0, rank).every((v) => v <= copy[rank])).toBe(true);
      expect(copy.subarray(rank + 1).every((v) => v >= copy[rank])).toBe(true);
    }
  });
});

describe('historical VaR', () => {
  it('matches a hand computation on a two-asset, five-observation portfolio', () => {
    const history = ReturnHistory.fromReturns({ AAAUSD: [0.01, -0.02, 0.005, -0.01, 0.0], BBBUSD: [0.0, 0.01, -0.03, 0.02, -0.01] });
    // Long 1000 of A, short 500 of B: losses = −(1000 a − 500 b) = [−10, 25, 10, 20, 5].
    // α = 0.8 → k = 4 → VaR 20; CVaR mean(20, 25) = 22.5; over 4 bars × sqrt(4) = 2.
    const result = historicalVar(history, Float64Array.from([1000, -500]), { confidence: 0.8, horizonBars: 4 });
    expect(result.valueAtRisk).toBeCloseTo(40, 10);
    expect(result.expectedShortfall).toBeCloseTo(45, 10);
    expect(result).toMatchObject({ method: 'historical', observations: 5, horizonBars: 4 });
  });

  it('equals the sorted-losses definition on the six real pairs', () => {
    const { history } = fxReturnHistory(500);
    const weights = Float64Array.from([100_000, -50_000, 200_000, 0, -120_000, 80_000]);
    const losses = new Float64Array(500);
    portfolioLosses(history, weights, losses);
    const sorted = Float64Array.from(losses).sort();
    const result = historicalVar(history, weights, { confidence: 0.99, horizonBars: 1 });
    expect(result.valueAtRisk).toBe(sorted[494]);
    expect(result.expectedShortfall).toBeCloseTo((sorted[494] + sorted[495] + sorted[496] + sorted[497] + sorted[498] + sorted[499]) / 6, 9);
    expect(result.expectedShortfall).toBeGreaterThanOrEqual(result.valueAtRisk);
  });

  it('is linear in the portfolio size', () => {
    const { history } = fxReturnHistory(500);
    const weights = Float64Array.from([100_000, -50_000, 200_000, 10_000, -120_000, 80_000]);
    const once = historicalVar(history, weights, { confidence: 0.95, horizonBars: 24 });
    const twice = historicalVar(history, weights.map((w) => 2 * w), { confidence: 0.95, horizonBars: 24 });
    expect(twice.valueAtRisk).toBeCloseTo(2 * once.valueAtRisk, 6);
  });

  it('refuses weights that do not match the history symbols, and a bad confidence', () => {
    const history = ReturnHistory.fromReturns({ AAAUSD: [0.01, -0.02] });
    expect(() => historicalVar(history, new Float64Array(2), { confidence: 0.99, horizonBars: 1 })).toThrow('weights has 2 entries for 1 symbols');
    expect(() => historicalVar(history, new Float64Array(1), { confidence: 1.2, horizonBars: 1 })).toThrow('VaR confidence must be in (0.5, 1)');
  });
});

describe('return history', () => {
  it('refuses series of different lengths, naming the symbol', () => {
    expect(() => ReturnHistory.fromReturns({ AAAUSD: [0.1, 0.2], BBBUSD: [0.1] })).toThrow('returns of BBBUSD have 1 observations, AAAUSD has 2');
  });

  it('computes correlation from aligned closes: EURUSD and USDCHF move against each other', () => {
    const { history } = fxReturnHistory(500);
    expect(history.correlationOf('EURUSD', 'USDCHF')).toBeLessThan(-0.6);
    expect(history.correlationOf('EURUSD', 'EURUSD')).toBe(1);
    expect(history.correlationOf('EURUSD', 'USDJPY')).toBeNaN();
  });
});
